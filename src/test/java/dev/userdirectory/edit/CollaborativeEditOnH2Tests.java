package dev.userdirectory.edit;

import dev.userdirectory.support.OnH2;

@OnH2
class CollaborativeEditOnH2Tests extends AbstractCollaborativeEditTests {

}
