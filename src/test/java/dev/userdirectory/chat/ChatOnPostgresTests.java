package dev.userdirectory.chat;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class ChatOnPostgresTests extends AbstractChatTests {

}
