package dev.userdirectory.user;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class StalledCreateUsersOnPostgresTest extends StalledCreateUsersTests {

}
