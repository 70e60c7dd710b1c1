package dev.userdirectory.data;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class UserDataOnPostgresTests extends AbstractUserDataTests {

}
