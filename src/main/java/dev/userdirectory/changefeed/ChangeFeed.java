package dev.userdirectory.changefeed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.bulkinsert.BulkInserter;
import dev.userdirectory.bulkinsert.BulkTable;
import dev.userdirectory.streaming.FeedTail;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to the change feed, only ever inside the transaction that makes the change, so
 * an entry exists exactly when its change committed. Appends take the feed's row lock
 * first: entries then get their sequence numbers in commit order, which is what lets
 * readers tail the table by sequence without ever skipping a late-committing entry.
 */
@Component
public class ChangeFeed {

	private static final BulkTable USER_CHANGES = new BulkTable("user_changes", "user_id", "change_type",
			"user_snapshot", "changed_at");

	private final JdbcTemplate jdbc;

	private final BulkInserter inserter;

	private final FeedTail<ChangeEvent> tail;

	private final ChangeNotifier notifier;

	ChangeFeed(JdbcTemplate jdbc, BulkInserter inserter, FeedTail<ChangeEvent> tail, ChangeNotifier notifier) {
		this.jdbc = jdbc;
		this.inserter = inserter;
		this.tail = tail;
		this.notifier = notifier;
	}

	/**
	 * One change to a user: its type, the user after it (before it, for deletes), and
	 * when.
	 */
	public record Change(ChangeType type, UUID userId, byte[] userSnapshot, Instant changedAt) {
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Change change) {
		recordAll(List.of(change));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(List<Change> changes) {
		if (changes.isEmpty()) {
			return;
		}
		// Before the lock: announcing the change to other replicas may take a round trip.
		this.tail.wakeAfterCommit();
		this.jdbc.queryForObject("select id from change_feed_state where id = 1 for update", Integer.class);
		this.inserter.insert(USER_CHANGES,
				changes.stream()
					.map((change) -> new Object[] { change.userId(), change.type().name(), change.userSnapshot(),
							change.changedAt() })
					.toList());
		// No one can have read a user before it was created: only updates and deletes are
		// news.
		this.notifier.afterCommit(
				changes.stream().filter((change) -> change.type() != ChangeType.CREATED).map(Change::userId).toList());
	}

}
