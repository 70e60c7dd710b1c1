package dev.userdirectory.user;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class UserLifecycleOnPostgresTests extends AbstractUserLifecycleTests {

}
