package dev.userdirectory.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

/**
 * The write ceiling that docs/scaling.md's capacity model rests on: every transaction
 * that changes users appends to the change feed after locking its one row
 * ({@code change_feed_state}), so feed appends are serial and the lock is held through
 * the commit's WAL flush. This program runs that transaction as UpdateUser does (the user
 * row, the feed lock, one feed entry with a snapshot of the service's size, commit) from
 * N writers at once, each on its own connection and its own user, so that nothing but the
 * feed lock is shared; and, in the same run, the floor: the same transaction without the
 * feed lock.
 *
 * <p>
 * Prints, per writer count, commits per second and commit latency (p50, p99) of both, and
 * their ratio.
 *
 * Arguments: jdbcUrl [writers=1,2,4,8,16,32] [seconds per step=10]
 */
public final class FeedLockCeiling {

	private static final byte[] SNAPSHOT = new byte[300];

	private FeedLockCeiling() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int[] writerCounts = java.util.Arrays.stream(((args.length > 1) ? args[1] : "1,2,4,8,16,32").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
		int most = java.util.Arrays.stream(writerCounts).max().orElse(1);
		List<UUID> users = createUsers(url, most);
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet settings = statement.executeQuery("select current_setting('synchronous_commit'), "
						+ "current_setting('fsync'), current_setting('wal_sync_method'), version()")) {
			settings.next();
			System.out.printf("synchronous_commit=%s fsync=%s wal_sync_method=%s%n%s%n%n", settings.getString(1),
					settings.getString(2), settings.getString(3), settings.getString(4));
		}
		System.out.println("| writers | floor: commits/s | p50 ms | p99 ms | with feed lock: commits/s | p50 ms "
				+ "| p99 ms | ratio |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (int writers : writerCounts) {
			Result floor = run(url, users.subList(0, writers), false, seconds);
			Result feed = run(url, users.subList(0, writers), true, seconds);
			System.out.printf("| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n", writers, floor.rate,
					floor.p50, floor.p99, feed.rate, feed.p50, feed.p99, feed.rate / floor.rate);
		}
	}

	private record Result(double rate, double p50, double p99) {
	}

	private static Result run(String url, List<UUID> users, boolean feedLock, int seconds) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicBoolean measuring = new AtomicBoolean(false);
		AtomicBoolean stop = new AtomicBoolean(false);
		CountDownLatch done = new CountDownLatch(users.size());
		List<Thread> threads = new ArrayList<>();
		long[] commits = new long[users.size()];
		for (int i = 0; i < users.size(); i++) {
			int writer = i;
			Thread thread = new Thread(() -> {
				try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
					connection.setAutoCommit(false);
					try (PreparedStatement update = connection
						.prepareStatement("update users set version = version + 1, updated_at = ? where id = ?");
							PreparedStatement lock = connection
								.prepareStatement("select id from change_feed_state where id = 1 for update");
							PreparedStatement append = connection.prepareStatement(
									"insert into user_changes (user_id, change_type, user_snapshot, changed_at) "
											+ "values (?, 'UPDATED', ?, ?)")) {
						while (!stop.get()) {
							long start = System.nanoTime();
							OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
							update.setObject(1, now);
							update.setObject(2, users.get(writer));
							update.executeUpdate();
							if (feedLock) {
								lock.executeQuery().close();
							}
							append.setObject(1, users.get(writer));
							append.setBytes(2, SNAPSHOT);
							append.setObject(3, now);
							append.executeUpdate();
							connection.commit();
							if (measuring.get()) {
								latencies.recordValue((System.nanoTime() - start) / 1_000);
								commits[writer]++;
							}
						}
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					done.countDown();
				}
			});
			threads.add(thread);
			thread.start();
		}
		Thread.sleep(1_000);
		latencies.reset();
		measuring.set(true);
		long start = System.nanoTime();
		Thread.sleep(seconds * 1_000L);
		measuring.set(false);
		double elapsed = (System.nanoTime() - start) / 1e9;
		stop.set(true);
		done.await();
		Histogram histogram = latencies.getIntervalHistogram();
		long total = java.util.Arrays.stream(commits).sum();
		return new Result(total / elapsed, histogram.getValueAtPercentile(50) / 1_000.0,
				histogram.getValueAtPercentile(99) / 1_000.0);
	}

	private static List<UUID> createUsers(String url, int count) throws Exception {
		List<UUID> users = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				PreparedStatement insert = connection.prepareStatement(
						"insert into users (id, email, name, age, status, bio, avatar_url, created_at, updated_at, "
								+ "version, created_by, updated_by) values (?, ?, 'Writer', 30, 'ACTIVE', '', '', ?, ?, 0, "
								+ "'bench', 'bench')")) {
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
			for (int i = 0; i < count; i++) {
				UUID id = UUID.randomUUID();
				insert.setObject(1, id);
				insert.setString(2, "writer" + i + "@example.com");
				insert.setObject(3, now);
				insert.setObject(4, now);
				insert.executeUpdate();
				users.add(id);
			}
		}
		return users;
	}

}
