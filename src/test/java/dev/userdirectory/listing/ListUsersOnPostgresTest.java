package dev.userdirectory.listing;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ListUsersOnPostgresTest extends ListUsersTests {

}
