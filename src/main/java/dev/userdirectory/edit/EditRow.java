package dev.userdirectory.edit;

import java.util.UUID;

import dev.userdirectory.streaming.FeedTail;

/**
 * An applied edit as stored: the splice that took the user's bio from version - 1 to
 * version.
 */
record EditRow(long seq, UUID userId, long version, String author, Splice splice,
		int lengthBefore) implements FeedTail.Sequenced {
}
