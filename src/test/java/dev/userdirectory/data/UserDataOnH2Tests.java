package dev.userdirectory.data;

import dev.userdirectory.support.OnH2;

@OnH2
class UserDataOnH2Tests extends AbstractUserDataTests {

}
