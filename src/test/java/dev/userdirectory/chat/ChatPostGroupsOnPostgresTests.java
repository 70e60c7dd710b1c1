package dev.userdirectory.chat;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ChatPostGroupsOnPostgresTests extends AbstractChatPostGroupsTests {

}
