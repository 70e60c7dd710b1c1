package dev.userdirectory.fuzz;

import dev.userdirectory.support.OnPostgres;

import org.springframework.test.context.TestPropertySource;

/**
 * In a schema of its own: the row counts checked after every failed call must not see
 * other classes' writes, and PostgreSQL counts the 100,000s of rows they leave behind
 * slowly.
 */
@OnPostgres
@TestPropertySource(properties = "users.test.schema=users_fuzz")
class BadInputFuzzOnPostgresTests extends AbstractBadInputFuzzTests {

}
