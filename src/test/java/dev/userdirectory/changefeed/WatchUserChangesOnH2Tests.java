package dev.userdirectory.changefeed;

import dev.userdirectory.support.OnH2;

@OnH2
class WatchUserChangesOnH2Tests extends AbstractWatchUserChangesTests {

}
