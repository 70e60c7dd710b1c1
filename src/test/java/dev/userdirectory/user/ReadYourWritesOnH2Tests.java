package dev.userdirectory.user;

import dev.userdirectory.support.OnH2;

@OnH2
class ReadYourWritesOnH2Tests extends AbstractReadYourWritesTests {

}
