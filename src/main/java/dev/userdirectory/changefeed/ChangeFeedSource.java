package dev.userdirectory.changefeed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.streaming.FeedTail;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the change feed's table, turning each row into the message watchers get. */
@Component
class ChangeFeedSource implements FeedTail.Source<ChangeEvent> {

	private final JdbcTemplate jdbc;

	private final ResumeTokens tokens;

	ChangeFeedSource(JdbcTemplate jdbc, ResumeTokens tokens) {
		this.jdbc = jdbc;
		this.tokens = tokens;
	}

	@Override
	public List<ChangeEvent> after(long seq, int limit) {
		return this.jdbc.query("""
				select seq, change_type, user_snapshot, changed_at from user_changes
				where seq > ? order by seq fetch first ? rows only""", this::event, seq, limit);
	}

	@Override
	public long head() {
		Long head = this.jdbc.queryForObject("select max(seq) from user_changes", Long.class);
		return (head != null) ? head : prunedThrough();
	}

	long prunedThrough() {
		return this.jdbc.queryForObject("select pruned_through from change_feed_state where id = 1", Long.class);
	}

	private ChangeEvent event(ResultSet row, int index) throws SQLException {
		long seq = row.getLong("seq");
		java.time.Instant changedAt = row.getTimestamp("changed_at").toInstant();
		try {
			WatchUserChangesResponse message = WatchUserChangesResponse.newBuilder()
				.setChangeType(
						dev.userdirectory.api.v1.ChangeType.valueOf("CHANGE_TYPE_" + row.getString("change_type")))
				.setUser(User.parseFrom(row.getBytes("user_snapshot")))
				.setResumeToken(this.tokens.encode(seq))
				.setChangeTime(
						Timestamp.newBuilder().setSeconds(changedAt.getEpochSecond()).setNanos(changedAt.getNano()))
				.build();
			return new ChangeEvent(seq, message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("change " + seq + " has an unreadable user snapshot", ex);
		}
	}

}
