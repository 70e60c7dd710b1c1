package dev.userdirectory.chat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.Timestamp.Builder;
import dev.userdirectory.api.v1.ChatMessage;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.streaming.FeedTail;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Stores chat messages and reads them back in commit order for the tail. */
@Component
class ChatStore implements FeedTail.Source<ChatRow> {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ChatStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	void post(String room, String userId, String content) {
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.queryForObject("select id from chat_feed_state where id = 1 for update", Integer.class);
			this.jdbc.update("insert into chat_messages (id, room, user_id, content, created_at) values (?, ?, ?, ?, ?)",
					UUID.randomUUID(), room, userId, content, Timestamp.from(now));
		});
	}

	@Override
	public List<ChatRow> after(long seq, int limit) {
		return this.jdbc.query("""
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
	public long head() {
		Long head = this.jdbc.queryForObject("select max(seq) from chat_messages", Long.class);
		return (head != null) ? head : 0;
	}

}
