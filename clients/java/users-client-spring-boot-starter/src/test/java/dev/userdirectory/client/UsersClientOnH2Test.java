package dev.userdirectory.client;

import dev.userdirectory.support.OnH2;

@OnH2
class UsersClientOnH2Test extends UsersClientTests {

}
