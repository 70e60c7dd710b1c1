package dev.userdirectory.changefeed;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class WatchUserChangesOnPostgresTest extends WatchUserChangesTests {

}
