package dev.userdirectory.data;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The user_data pointers and their chunked bytes. */
@Component
class BlobStore {

	/** The stored data of a user: which blob, and what it is. */
	record StoredData(UUID blobId, String contentType, String sha256, long sizeBytes) {
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final UserDataProperties properties;

	BlobStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, UserDataProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Whether the user exists and is not soft-deleted: a deleted user has no data to use.
	 */
	boolean userExists(UUID userId) {
		return this.jdbc.queryForObject("select count(*) from users where id = ? and delete_time is null",
				Integer.class, userId) > 0;
	}

	/**
	 * Stages one chunk of an upload in progress (committed on its own: uploads can be
	 * long).
	 */
	void writeChunk(UUID blobId, int index, byte[] bytes) {
		this.jdbc.update("insert into blob_chunks (blob_id, chunk_index, bytes, created_at) values (?, ?, ?, ?)",
				blobId, index, bytes, Timestamp.from(this.clock.instant()));
	}

	void discard(UUID blobId) {
		this.jdbc.update("delete from blob_chunks where blob_id = ?", blobId);
	}

	/**
	 * Makes {@code blobId} the user's data and deletes the blob it replaces, in one
	 * transaction; false when the user no longer exists.
	 */
	boolean publish(UUID userId, StoredData data) {
		return Boolean.TRUE.equals(this.transactions.execute((tx) -> {
			List<UUID> user = this.jdbc.queryForList(
					"select id from users where id = ? and delete_time is null for update", UUID.class, userId);
			if (user.isEmpty()) {
				return false;
			}
			Optional<StoredData> previous = find(userId);
			Timestamp now = Timestamp.from(this.clock.instant());
			if (previous.isPresent()) {
				this.jdbc.update("""
						update user_data set blob_id = ?, content_type = ?, sha256 = ?, size_bytes = ?, updated_at = ?
						where user_id = ?""", data.blobId(), data.contentType(), data.sha256(), data.sizeBytes(), now,
						userId);
				discard(previous.get().blobId());
			}
			else {
				this.jdbc.update("""
						insert into user_data (user_id, blob_id, content_type, sha256, size_bytes, updated_at)
						values (?, ?, ?, ?, ?, ?)""", userId, data.blobId(), data.contentType(), data.sha256(),
						data.sizeBytes(), now);
			}
			return true;
		}));
	}

	Optional<StoredData> find(UUID userId) {
		return this.jdbc
			.query("""
					select d.blob_id, d.content_type, d.sha256, d.size_bytes
					from user_data d join users u on u.id = d.user_id
					where d.user_id = ? and u.delete_time is null""",
					(row, i) -> new StoredData(row.getObject("blob_id", UUID.class), row.getString("content_type"),
							row.getString("sha256"), row.getLong("size_bytes")),
					userId)
			.stream()
			.findFirst();
	}

	/** Chunks {@code fromIndex} onwards of a blob, at most {@code limit} of them. */
	List<byte[]> chunks(UUID blobId, int fromIndex, int limit) {
		return this.jdbc.query("""
				select bytes from blob_chunks where blob_id = ? and chunk_index >= ?
				order by chunk_index fetch first ? rows only""", (row, i) -> row.getBytes("bytes"), blobId, fromIndex,
				limit);
	}

	/**
	 * Deletes chunks that no user's data refers to and that are too old to be an upload
	 * in progress.
	 */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
	void deleteOrphans() {
		this.jdbc.update("""
				delete from blob_chunks where created_at < ?
				and blob_id not in (select blob_id from user_data)""",
				Timestamp.from(this.clock.instant().minus(this.properties.orphanAge())));
	}

}
