package dev.userdirectory.fuzz;

import dev.userdirectory.support.OnH2;

@OnH2
class BadInputFuzzOnH2Tests extends AbstractBadInputFuzzTests {

}
