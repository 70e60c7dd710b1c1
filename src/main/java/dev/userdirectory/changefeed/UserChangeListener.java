package dev.userdirectory.changefeed;

import java.util.UUID;

/**
 * Told when users change: on the replica that made a change as soon as it commits, and on
 * every other replica when its follower of the change feed reads the change (within a
 * poll interval). Called on the committing thread or the feed's poller: implementations
 * must be quick.
 */
public interface UserChangeListener {

	void changed(UUID userId);

	/**
	 * Changes may have been missed (the feed ran further ahead than this replica keeps).
	 */
	void changedAll();

}
