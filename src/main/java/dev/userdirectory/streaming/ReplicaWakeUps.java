package dev.userdirectory.streaming;

/**
 * Wakes other replicas' tails when a transaction that appended to their table commits, so
 * a row written through one replica reaches streams on the others without waiting for
 * their next poll. The poll stays the safety net: a wake-up that is lost only delays
 * rows, never loses them, as tails read by sequence. Where the database offers no way to
 * wake other replicas, both methods do nothing and replicas only poll.
 */
public interface ReplicaWakeUps {

	/** Replicas that only poll. */
	ReplicaWakeUps NONE = new ReplicaWakeUps() {

		@Override
		public void announce(String channel) {
		}

		@Override
		public void onAnnouncement(String channel, Runnable wake) {
		}

	};

	/**
	 * Call inside the transaction that appends to the table behind {@code channel}: other
	 * replicas hear of it when, and only if, it commits.
	 */
	void announce(String channel);

	/**
	 * Runs {@code wake} whenever another replica announced on {@code channel}, and after
	 * any time this replica may have missed announcements (e.g. its listening connection
	 * was lost).
	 */
	void onAnnouncement(String channel, Runnable wake);

}
