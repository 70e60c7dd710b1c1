package dev.userdirectory.chat;

import dev.userdirectory.support.OnH2;

@OnH2
class ChatOnH2Tests extends AbstractChatTests {

}
