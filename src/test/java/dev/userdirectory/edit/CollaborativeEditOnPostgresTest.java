package dev.userdirectory.edit;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class CollaborativeEditOnPostgresTest extends CollaborativeEditTests {

}
