package dev.userdirectory.client;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class UsersClientOnPostgresTest extends UsersClientTests {

}
