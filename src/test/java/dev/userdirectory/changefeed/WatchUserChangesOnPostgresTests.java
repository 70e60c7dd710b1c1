package dev.userdirectory.changefeed;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class WatchUserChangesOnPostgresTests extends AbstractWatchUserChangesTests {

}
