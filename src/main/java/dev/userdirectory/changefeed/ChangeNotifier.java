package dev.userdirectory.changefeed;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.userdirectory.streaming.FeedTail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Passes committed user changes to the {@link UserChangeListener}s: this replica's own
 * after commit, other replicas' from the feed's tail (which every replica follows anyway
 * for its watchers), in sequence order, with {@link UserChangeListener#changedAll()} when
 * the tail's ring no longer reaches back to the last change passed on.
 */
@Component
class ChangeNotifier {

	private final FeedTail<ChangeEvent> tail;

	private final List<UserChangeListener> listeners;

	/**
	 * The last sequence passed on; only the tail's poller thread touches it once running.
	 */
	private long passedOn = -1;

	ChangeNotifier(FeedTail<ChangeEvent> tail, ObjectProvider<UserChangeListener> listeners) {
		this.tail = tail;
		this.listeners = listeners.orderedStream().toList();
		if (!this.listeners.isEmpty()) {
			tail.observe(this::passOnNewRows);
		}
	}

	/** Registers the local notification for when the current transaction commits. */
	void afterCommit(Collection<UUID> userIds) {
		if (this.listeners.isEmpty() || userIds.isEmpty()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				userIds.forEach(ChangeNotifier.this::changed);
			}
		});
	}

	private void passOnNewRows() {
		if (this.passedOn < 0) {
			this.passedOn = this.tail.head();
			this.listeners.forEach(UserChangeListener::changedAll);
			return;
		}
		Optional<List<ChangeEvent>> rows = this.tail.fromRing(this.passedOn, Integer.MAX_VALUE);
		if (rows.isEmpty()) {
			this.passedOn = this.tail.head();
			this.listeners.forEach(UserChangeListener::changedAll);
			return;
		}
		for (ChangeEvent row : rows.get()) {
			changed(UUID.fromString(row.message().getUser().getId()));
			this.passedOn = row.seq();
		}
	}

	private void changed(UUID userId) {
		for (UserChangeListener listener : this.listeners) {
			listener.changed(userId);
		}
	}

}
