package dev.userdirectory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.user.UserEntity;
import dev.userdirectory.user.UserRows;
import org.flywaydb.core.Flyway;

/**
 * H2's own floor under the CreateUsers and ListUsers targets, in a fresh H2 file database
 * migrated by the service's Flyway scripts, with no gRPC and no Spring in the way:
 * <ul>
 * <li>insert: the rows one CreateUsers stream of N users writes (each user, its tag, its
 * change-feed entry with a snapshot of the service's size) in one transaction, JDBC
 * batches of 1,000;</li>
 * <li>list: those users read back with the statement ListUsers runs for a tag filter,
 * chunks of 200. The keyset condition is written out here as
 * {@code UserListingRepository} builds it (its builder is private to the listing package:
 * keep the two in step); the columns, the tags join and the reader that rebuilds users
 * are {@link UserRows}' own.</li>
 * </ul>
 *
 * Arguments: [users=100000] [insert passes=3] [list passes=10]
 */
public final class H2Floor {

	private static final int CHUNK = 200;

	/**
	 * -Dbench.list-variants: each list pass also with ListUsers' annotations statement
	 * per chunk and with a statement prepared per chunk, to tell their costs apart.
	 */
	private static final boolean VARIANTS = Boolean.getBoolean("bench.list-variants");

	private H2Floor() {
	}

	public static void main(String[] args) throws Exception {
		int users = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int insertPasses = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		int listPasses = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		Path directory = Files.createTempDirectory("h2-floor");
		// -Dbench.h2-settings adds settings to the URL, e.g. the service's own
		// ";WRITE_DELAY=0".
		String url = "jdbc:h2:file:" + directory.resolve("users") + ";DB_CLOSE_ON_EXIT=FALSE"
				+ System.getProperty("bench.h2-settings", "");
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		byte[] snapshot = new byte[200];
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			connection.setAutoCommit(false);
			String tag = null;
			for (int pass = 1; pass <= insertPasses; pass++) {
				tag = "floor-" + pass;
				long start = System.nanoTime();
				insert(connection, users, tag, snapshot);
				long inserted = System.nanoTime();
				connection.commit();
				long committed = System.nanoTime();
				System.out.printf(
						"H2 floor insert %d: %d users in %.2f s = %.0f users/s (insert %.2f s, commit %.2f s)%n", pass,
						users, (committed - start) / 1e9, users / ((committed - start) / 1e9), (inserted - start) / 1e9,
						(committed - inserted) / 1e9);
			}
			connection.setAutoCommit(true);
			for (int pass = 1; pass <= listPasses; pass++) {
				for (int variant = 0; variant < (VARIANTS ? 4 : 1); variant++) {
					boolean annotations = (variant & 1) != 0;
					boolean fresh = (variant & 2) != 0;
					long start = System.nanoTime();
					int listed = list(connection, tag, annotations, fresh);
					double seconds = (System.nanoTime() - start) / 1e9;
					System.out.printf("H2 floor list %d%s: %d users in %.2f s = %.0f users/s%n", pass,
							(VARIANTS ? " (annotations " + annotations + ", statement per chunk " + fresh + ")" : ""),
							listed, seconds, listed / seconds);
				}
			}
		}
	}

	private static void insert(Connection connection, int users, String tag, byte[] snapshot) throws Exception {
		Timestamp now = Timestamp.from(Instant.now());
		try (PreparedStatement user = connection
			.prepareStatement("insert into users (id, email, name, age, status, bio, "
					+ "avatar_url, create_request_id, created_at, updated_at, created_by, updated_by, version) "
					+ "values (?, ?, ?, ?, 'ACTIVE', '', '', null, ?, ?, 'dev', 'dev', 0)");
				PreparedStatement userTag = connection
					.prepareStatement("insert into user_tags (user_id, tag_order, tag) values (?, 0, ?)");
				PreparedStatement change = connection.prepareStatement(
						"insert into user_changes (user_id, change_type, user_snapshot, changed_at) values (?, 'CREATED', ?, ?)")) {
			connection.createStatement().execute("select id from change_feed_state where id = 1 for update");
			for (int i = 0; i < users; i++) {
				UUID id = UUID.randomUUID();
				user.setObject(1, id);
				user.setString(2, tag + "-" + i + "@example.com");
				user.setString(3, "Bench User " + i);
				user.setInt(4, i % 100);
				user.setTimestamp(5, now);
				user.setTimestamp(6, now);
				user.addBatch();
				userTag.setObject(1, id);
				userTag.setString(2, tag);
				userTag.addBatch();
				change.setObject(1, id);
				change.setBytes(2, snapshot);
				change.setTimestamp(3, now);
				change.addBatch();
				if ((i + 1) % 1000 == 0 || i == users - 1) {
					user.executeBatch();
					userTag.executeBatch();
					change.executeBatch();
				}
			}
		}
	}

	/**
	 * Every user with the tag, chunk after chunk, as ListUsers reads them: the users of
	 * one stream share their created_at, so each chunk is the "same instant, later id"
	 * keyset query.
	 */
	private static int list(Connection connection, String tag, boolean annotations, boolean fresh) throws Exception {
		String sql = UserRows
			.withTags("select " + UserRows.COLUMNS + " from users u where u.created_at = ? and u.id > ?"
					+ " and exists (select 1 from user_tags f where f.tag = ? and f.user_id = u.id and f.user_id > ?)"
					+ " order by u.created_at, u.id limit " + CHUNK);
		OffsetDateTime at;
		try (PreparedStatement first = connection.prepareStatement("select min(created_at) from users u where exists "
				+ "(select 1 from user_tags f where f.tag = ? and f.user_id = u.id)")) {
			first.setString(1, tag);
			try (ResultSet row = first.executeQuery()) {
				row.next();
				at = row.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
			}
		}
		UUID after = new UUID(0, 0);
		int listed = 0;
		PreparedStatement reused = connection.prepareStatement(sql);
		try {
			while (true) {
				PreparedStatement chunk = fresh ? connection.prepareStatement(sql) : reused;
				chunk.setObject(1, at);
				chunk.setObject(2, after);
				chunk.setString(3, tag);
				chunk.setObject(4, after);
				List<UserEntity> users;
				try (ResultSet rows = chunk.executeQuery()) {
					users = UserRows.read(rows);
				}
				if (fresh) {
					chunk.close();
				}
				if (annotations && !users.isEmpty()) {
					readAnnotations(connection, users);
				}
				listed += users.size();
				if (users.size() < CHUNK) {
					return listed;
				}
				after = users.get(users.size() - 1).getId();
			}
		}
		finally {
			reused.close();
		}
	}

	/** ListUsers' second statement per chunk: the chunk's annotations by user id. */
	private static void readAnnotations(Connection connection, List<UserEntity> users) throws Exception {
		String marks = String.join(", ", java.util.Collections.nCopies(users.size(), "?"));
		try (PreparedStatement statement = connection.prepareStatement(
				"select user_id, annotation_key, annotation_value from user_annotations where user_id in (" + marks
						+ ")")) {
			for (int i = 0; i < users.size(); i++) {
				statement.setObject(i + 1, users.get(i).getId());
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					rows.getString(2);
				}
			}
		}
	}

}
