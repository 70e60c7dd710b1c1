package dev.userdirectory.replicas;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection that LISTENs on the feeds' channels and hands each notification
 * on. Whenever it (re)connects it reports a gap, as notifications sent while it was not
 * listening are gone for good; the tails then poll, reading by sequence, so nothing is
 * lost, only delayed. A lost connection is retried with a growing delay, and said once
 * per outage.
 */
final class NotificationListener implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);

	/**
	 * How long one wait for notifications lasts: also how long stopping may take to be
	 * noticed, as the wait cannot be interrupted.
	 */
	private static final int WAIT_MILLIS = 500;

	/** Opens a new connection to the database, outside the pool. */
	interface Connector {

		Connection connect() throws SQLException;

	}

	/** What the listener tells of. */
	interface Events {

		/** A notification on {@code channel} with {@code payload}. */
		void notified(String channel, String payload);

		/**
		 * Listening (again): anything committed before may have been announced unheard.
		 */
		void gap();

		/** The connection was lost or could not be opened; a reconnect follows. */
		void lost();

	}

	private final Connector connector;

	private final Set<String> channels;

	private final Events events;

	private final ReplicaNotifyProperties properties;

	private volatile boolean stopping;

	private volatile boolean listening;

	private boolean inOutage;

	NotificationListener(Connector connector, Set<String> channels, Events events, ReplicaNotifyProperties properties) {
		this.connector = connector;
		this.channels = channels;
		this.events = events;
		this.properties = properties;
	}

	boolean listening() {
		return this.listening;
	}

	void stop() {
		this.stopping = true;
	}

	@Override
	public void run() {
		Duration delay = this.properties.reconnectDelay();
		while (!this.stopping) {
			try (Connection connection = this.connector.connect(); Statement statement = connection.createStatement()) {
				for (String channel : this.channels) {
					// Channel names are the service's own constants, never input.
					statement.execute("LISTEN " + channel);
				}
				this.listening = true;
				if (this.inOutage) {
					this.inOutage = false;
					log.info("Listening to other replicas' commits again");
				}
				delay = this.properties.reconnectDelay();
				this.events.gap();
				receive(connection.unwrap(PGConnection.class), statement);
			}
			catch (SQLException | RuntimeException failure) {
				this.listening = false;
				if (this.stopping) {
					return;
				}
				if (!this.inOutage) {
					this.inOutage = true;
					log.warn(
							"Not listening to other replicas' commits ({}): their changes and messages reach streams"
									+ " here at the next poll until it reconnects, retrying up to every {}",
							failure.getMessage(), this.properties.maxReconnectDelay().toMillis() + " ms");
				}
				this.events.lost();
				if (!sleep(delay)) {
					return;
				}
				delay = min(delay.multipliedBy(2), this.properties.maxReconnectDelay());
			}
		}
		this.listening = false;
	}

	private void receive(PGConnection connection, Statement statement) throws SQLException {
		long checkNanos = this.properties.checkInterval().toNanos();
		long quietSince = System.nanoTime();
		while (!this.stopping) {
			PGNotification[] received = connection.getNotifications(WAIT_MILLIS);
			if (received != null && received.length > 0) {
				for (PGNotification notification : received) {
					this.events.notified(notification.getName(), notification.getParameter());
				}
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > checkNanos) {
				// A connection cut without a word (a dropped network path) only shows
				// when used.
				statement.execute("select 1");
				quietSince = System.nanoTime();
			}
		}
	}

	private boolean sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
			return !this.stopping;
		}
		catch (InterruptedException stopped) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
