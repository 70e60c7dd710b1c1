package dev.userdirectory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;

/**
 * The floor of CreateUsers on H2: the rows one CreateUsers stream of N users writes (each user,
 * its tag, its change-feed entry with a snapshot of the service's size), in one transaction with
 * JDBC batches of 1,000, into a fresh H2 file database migrated by the service's own Flyway
 * scripts. No gRPC, no Spring, no validation: what H2 itself takes for the writes that the
 * target (30,000 users/s) asks of the service.
 *
 * Arguments: [users=100000] [passes=3]
 */
public final class H2InsertFloor {

	private H2InsertFloor() {
	}

	public static void main(String[] args) throws Exception {
		int users = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int passes = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		Path directory = Files.createTempDirectory("h2-floor");
		String url = "jdbc:h2:file:" + directory.resolve("users") + ";DB_CLOSE_ON_EXIT=FALSE";
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		byte[] snapshot = new byte[200];
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			connection.setAutoCommit(false);
			for (int pass = 1; pass <= passes; pass++) {
				String tag = "floor-" + pass;
				long start = System.nanoTime();
				insert(connection, users, tag, snapshot);
				long inserted = System.nanoTime();
				connection.commit();
				long committed = System.nanoTime();
				System.out.printf("H2 floor pass %d: %d users in %.2f s = %.0f users/s (insert %.2f s, commit %.2f s)%n",
						pass, users, (committed - start) / 1e9, users / ((committed - start) / 1e9),
						(inserted - start) / 1e9, (committed - inserted) / 1e9);
			}
		}
	}

	private static void insert(Connection connection, int users, String tag, byte[] snapshot) throws Exception {
		Timestamp now = Timestamp.from(Instant.now());
		try (PreparedStatement user = connection.prepareStatement("insert into users (id, email, name, age, status, bio, "
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

}
