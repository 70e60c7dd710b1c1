package dev.userdirectory.chat;

import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.streaming.FeedTail;

/** A stored chat message with the response every participant of its room receives. */
record ChatRow(long seq, String room, ChatResponse message) implements FeedTail.Sequenced {
}
