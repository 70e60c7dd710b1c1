package dev.userdirectory.changefeed;

import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.streaming.FeedTail;

/**
 * A change-feed row as watchers receive it; built once and sent to every watcher as is.
 */
record ChangeEvent(long seq, WatchUserChangesResponse message) implements FeedTail.Sequenced {
}
