package dev.userdirectory.edit;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class CollaborativeEditOnPostgresTests extends AbstractCollaborativeEditTests {

}
