package dev.userdirectory.listing;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ListUsersQueryOnPostgresTests extends AbstractListUsersQueryTests {

}
