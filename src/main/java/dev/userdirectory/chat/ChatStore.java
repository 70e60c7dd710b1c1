package dev.userdirectory.chat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.google.protobuf.Timestamp.Builder;
import dev.userdirectory.api.v1.ChatMessage;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.streaming.ReplicaWakeUps;
import dev.userdirectory.streaming.TableSource;
import dev.userdirectory.streaming.TailConnections;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores chat messages and reads them back in commit order for the tail.
 *
 * <p>
 * Posts are stored in groups: seq must follow commit order, so every post takes one row
 * lock, and one transaction per message made each post wait for all the commits before
 * it, each waiting poster holding a pooled connection meanwhile. At 1,000 messages a
 * second on PostgreSQL the queue grew by seconds and posters timed out waiting for a
 * connection (UNAVAILABLE). Now a poster that gets the write lock stores every message
 * waiting by then in one transaction.
 */
@Component
class ChatStore extends TableSource<ChatRow> {

	/** Bounds one transaction: 1,000 messages of at most 4,000 characters. */
	private static final int MAX_GROUP = 1000;

	/** Where stored messages are announced to the other replicas' tails. */
	static final String CHANNEL = "users_chat";

	private static final String INSERT = "insert into chat_messages (id, room, user_id, content, created_at) values (?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ReplicaWakeUps replicaWakeUps;

	private final ConcurrentLinkedQueue<Post> waiting = new ConcurrentLinkedQueue<>();

	private final ReentrantLock writing = new ReentrantLock();

	ChatStore(JdbcTemplate jdbc, TailConnections tailConnections, TransactionTemplate transactions, Clock clock,
			ReplicaWakeUps replicaWakeUps) {
		super(jdbc, tailConnections);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.replicaWakeUps = replicaWakeUps;
	}

	/**
	 * Returns once the message is committed, in the order of the calls that returned
	 * before it.
	 */
	void post(String room, String userId, String content) {
		Post post = new Post(UUID.randomUUID(), room, userId, content, this.clock.instant());
		this.waiting.add(post);
		this.writing.lock();
		try {
			// Whoever held the lock before may have stored this post with its own.
			while (!post.done) {
				storeGroup();
			}
		}
		finally {
			this.writing.unlock();
		}
		if (post.failure != null) {
			throw post.failure;
		}
	}

	private void storeGroup() {
		List<Post> group = new ArrayList<>();
		Post next;
		while (group.size() < MAX_GROUP && (next = this.waiting.poll()) != null) {
			group.add(next);
		}
		try {
			insert(group);
			group.forEach((post) -> post.ended(null));
		}
		catch (DataIntegrityViolationException failure) {
			// One message the database refuses must not fail the others stored with it.
			for (Post post : group) {
				try {
					insert(List.of(post));
					post.ended(null);
				}
				catch (RuntimeException alone) {
					post.ended(alone);
				}
			}
		}
		catch (RuntimeException failure) {
			group.forEach((post) -> post.ended(failure));
		}
	}

	private void insert(List<Post> group) {
		List<Object[]> rows = group.stream()
			.map((post) -> new Object[] { post.id, post.room, post.userId, post.content, Timestamp.from(post.at) })
			.toList();
		this.transactions.executeWithoutResult((tx) -> {
			// Before the lock, which had better not be held for the announcement's round
			// trip.
			this.replicaWakeUps.announce(CHANNEL);
			this.jdbc.queryForObject("select id from chat_feed_state where id = 1 for update", Integer.class);
			this.jdbc.batchUpdate(INSERT, rows);
		});
	}

	@Override
	protected List<ChatRow> after(JdbcOperations jdbc, long seq, int limit) {
		return jdbc.query("""
				select seq, id, room, user_id, content, created_at from chat_messages
				where seq > ? order by seq fetch first ? rows only""", (row, i) -> {
			Instant at = row.getTimestamp("created_at").toInstant();
			Builder timestamp = com.google.protobuf.Timestamp.newBuilder()
				.setSeconds(at.getEpochSecond())
				.setNanos(at.getNano());
			ChatResponse message = ChatResponse.newBuilder()
				.setMessage(ChatMessage.newBuilder()
					.setId(row.getObject("id", UUID.class).toString())
					.setRoom(row.getString("room"))
					.setUserId(row.getString("user_id"))
					.setContent(row.getString("content"))
					.setTimestamp(timestamp))
				.build();
			return new ChatRow(row.getLong("seq"), row.getString("room"), message);
		}, seq, limit);
	}

	@Override
	protected long head(JdbcOperations jdbc) {
		return maxSeq(jdbc, "chat_messages");
	}

	/**
	 * A message waiting to be stored; {@link #done} is set, under the write lock, once
	 * its store succeeded or failed.
	 */
	private static final class Post {

		private final UUID id;

		private final String room;

		private final String userId;

		private final String content;

		private final Instant at;

		private boolean done;

		private RuntimeException failure;

		Post(UUID id, String room, String userId, String content, Instant at) {
			this.id = id;
			this.room = room;
			this.userId = userId;
			this.content = content;
			this.at = at;
		}

		void ended(RuntimeException failure) {
			this.failure = failure;
			this.done = true;
		}

	}

}
