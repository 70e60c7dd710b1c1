package dev.userdirectory.edit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.userdirectory.streaming.TableSource;
import dev.userdirectory.streaming.TailConnections;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bio edit log, and the user row lock that serialises edits of one bio across
 * replicas.
 */
@Component
class EditStore extends TableSource<EditRow> {

	private static final String COLUMNS = "seq, user_id, version, author, edit_position, delete_count, insert_text, length_before";

	/** A document as of a version, and the log position it was read at. */
	record Document(String text, long version, long seq) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	EditStore(JdbcTemplate jdbc, TailConnections tailConnections, Clock clock) {
		super(jdbc, tailConnections);
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Locks the user's row (blocking concurrent edits of this bio) and reads its
	 * document; in a transaction.
	 */
	Optional<Document> lockDocument(UUID userId) {
		List<String> bio = this.jdbc.queryForList(
				"select bio from users where id = ? and delete_time is null for update", String.class, userId);
		if (bio.isEmpty()) {
			return Optional.empty();
		}
		Long version = this.jdbc.queryForObject("select max(version) from bio_edits where user_id = ?", Long.class,
				userId);
		return Optional.of(new Document(bio.get(0), (version != null) ? version : 0, head()));
	}

	/** The edits of a user after a version, oldest first. */
	List<EditRow> editsAfter(UUID userId, long version) {
		return this.jdbc.query(
				"select " + COLUMNS + " from bio_edits where user_id = ? and version > ? order by version", this::row,
				userId, version);
	}

	void append(UUID userId, long version, String author, Splice splice, int lengthBefore) {
		this.jdbc.queryForObject("select id from edit_feed_state where id = 1 for update", Integer.class);
		this.jdbc.update("""
				insert into bio_edits (user_id, version, author, edit_position, delete_count, insert_text,
				                       length_before, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""", userId, version, author, splice.position(), splice.deleteCount(),
				splice.insertText(), lengthBefore, Timestamp.from(this.clock.instant()));
	}

	@Override
	protected List<EditRow> after(JdbcOperations jdbc, long seq, int limit) {
		return jdbc.query("select " + COLUMNS + " from bio_edits where seq > ? order by seq fetch first ? rows only",
				this::row, seq, limit);
	}

	@Override
	protected long head(JdbcOperations jdbc) {
		return maxSeq(jdbc, "bio_edits");
	}

	private EditRow row(ResultSet row, int index) throws SQLException {
		return new EditRow(row.getLong("seq"), row.getObject("user_id", UUID.class), row.getLong("version"),
				row.getString("author"),
				new Splice(row.getInt("edit_position"), row.getInt("delete_count"), row.getString("insert_text")),
				row.getInt("length_before"));
	}

}
