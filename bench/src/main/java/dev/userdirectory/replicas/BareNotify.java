package dev.userdirectory.replicas;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The platform's own cross-session wake-up, nothing of the service in it: one connection
 * NOTIFYs (autocommit) at a steady rate, another LISTENs, both in this process, and each
 * notification is timed from the NOTIFY's return to its receipt.
 */
final class BareNotify {

	private final Map<String, Long> sent = new ConcurrentHashMap<>();

	private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final Connection listening;

	private final Connection notifying;

	private final Thread listener;

	private volatile boolean running = true;

	private BareNotify(String jdbcUrl) throws SQLException {
		this.listening = DriverManager.getConnection(jdbcUrl);
		this.notifying = DriverManager.getConnection(jdbcUrl);
		try (Statement statement = this.listening.createStatement()) {
			statement.execute("LISTEN bench_bare_notify");
		}
		this.listener = new Thread(this::listen, "bare-notify-listener");
		this.listener.setDaemon(true);
	}

	static BareNotify start(String jdbcUrl, int rate) throws SQLException {
		BareNotify bare = new BareNotify(jdbcUrl);
		bare.listener.start();
		bare.timer.scheduleAtFixedRate(bare::notifyOne, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
		return bare;
	}

	private void notifyOne() {
		String payload = Integer.toString(this.count.incrementAndGet());
		try (PreparedStatement statement = this.notifying
			.prepareStatement("select pg_notify('bench_bare_notify', ?)")) {
			statement.setString(1, payload);
			statement.execute();
			this.sent.put(payload, System.nanoTime());
		}
		catch (SQLException failure) {
			System.out.println("bare NOTIFY failed: " + failure);
		}
	}

	private void listen() {
		try {
			PGConnection connection = this.listening.unwrap(PGConnection.class);
			while (this.running) {
				PGNotification[] received = connection.getNotifications(200);
				long now = System.nanoTime();
				if (received != null) {
					for (PGNotification notification : received) {
						this.receivedAt.put(notification.getParameter(), now);
					}
				}
			}
		}
		catch (SQLException failure) {
			System.out.println("bare LISTEN failed: " + failure);
		}
	}

	void stop() throws InterruptedException, SQLException {
		this.timer.shutdown();
		this.timer.awaitTermination(5, TimeUnit.SECONDS);
		Thread.sleep(1000);
		this.running = false;
		this.listener.join(5000);
		this.listening.close();
		this.notifying.close();
	}

	int sent() {
		return this.sent.size();
	}

	/** Sorted; a notification received before its NOTIFY returned counts as 0. */
	long[] latencies() {
		return this.sent.entrySet()
			.stream()
			.filter((entry) -> this.receivedAt.containsKey(entry.getKey()))
			.mapToLong((entry) -> Math.max(0, this.receivedAt.get(entry.getKey()) - entry.getValue()) / 1000)
			.sorted()
			.toArray();
	}

}
