package dev.userdirectory.changefeed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.streaming.TableSource;
import dev.userdirectory.streaming.TailConnections;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the change feed's table, turning each row into the message watchers get. */
@Component
class ChangeFeedSource extends TableSource<ChangeEvent> {

	private static final String PRUNED_THROUGH = "select pruned_through from change_feed_state where id = 1";

	private final JdbcTemplate jdbc;

	private final ResumeTokens tokens;

	ChangeFeedSource(JdbcTemplate jdbc, TailConnections tailConnections, ResumeTokens tokens) {
		super(jdbc, tailConnections);
		this.jdbc = jdbc;
		this.tokens = tokens;
	}

	@Override
	protected List<ChangeEvent> after(JdbcOperations jdbc, long seq, int limit) {
		return jdbc.query("""
				select seq, change_type, user_snapshot, changed_at from user_changes
				where seq > ? order by seq fetch first ? rows only""", this::event, seq, limit);
	}

	/**
	 * A pruned-empty feed's head is where pruning stopped, not 0: the head never goes
	 * back.
	 */
	@Override
	protected long head(JdbcOperations jdbc) {
		Long head = jdbc.queryForObject("select max(seq) from user_changes", Long.class);
		return (head != null) ? head : jdbc.queryForObject(PRUNED_THROUGH, Long.class);
	}

	long prunedThrough() {
		return this.jdbc.queryForObject(PRUNED_THROUGH, Long.class);
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
