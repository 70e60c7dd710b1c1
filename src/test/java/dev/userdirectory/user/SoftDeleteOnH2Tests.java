package dev.userdirectory.user;

import dev.userdirectory.support.OnH2;

@OnH2
class SoftDeleteOnH2Tests extends AbstractSoftDeleteTests {

}
