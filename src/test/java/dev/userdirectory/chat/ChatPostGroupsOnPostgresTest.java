package dev.userdirectory.chat;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ChatPostGroupsOnPostgresTest extends ChatPostGroupsTests {

}
