package dev.userdirectory.user;

import dev.userdirectory.support.OnH2;

@OnH2
class ConcurrentWritesOnH2Tests extends AbstractConcurrentWriteTests {

}
