package dev.userdirectory.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the annotated test class against the PostgreSQL server at 127.0.0.1:5432 (override
 * with {@code TEST_POSTGRES_URL}, {@code TEST_POSTGRES_USER}), in a schema of its own
 * that Flyway rebuilds from the migrations at start-up: {@code users_it}, shared by these
 * classes, unless a class sets {@code users.test.schema} to have one to itself. See
 * {@link PostgresAvailable} for when it is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresAvailable.class)
@Import(FreshSchemaConfiguration.class)
@TestPropertySource(properties = {
		"spring.datasource.url=${TEST_POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/test}"
				+ "?currentSchema=${users.test.schema:users_it}",
		"spring.datasource.username=${TEST_POSTGRES_USER:postgres}", "spring.datasource.password=",
		"spring.flyway.schemas=${users.test.schema:users_it}", "spring.flyway.clean-disabled=false" })
public @interface OnPostgres {

}
