package dev.userdirectory.listing;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ListUsersOnPostgresTests extends AbstractListUsersTests {

}
