package dev.userdirectory.replicas;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.userdirectory.streaming.ReplicaWakeUps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.Driver;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Cross-replica wake-ups with PostgreSQL's NOTIFY, which the database delivers to every
 * listening session when, and only if, the notifying transaction commits. Each replica
 * listens on one connection of its own, outside the pool, so no caller ever waits for it.
 * A replica ignores its own notifications: it wakes its tails after its commits anyway.
 * Anywhere else (H2, or when disabled) replicas only poll.
 */
@Component
class ReplicaNotifications implements ReplicaWakeUps, SmartLifecycle {

	/**
	 * The listening connection's application_name, so operators can tell it apart in
	 * pg_stat_activity.
	 */
	static final String APPLICATION_NAME = "users-replica-listener";

	private static final String POSTGRES_URL = "jdbc:postgresql:";

	/** Tells this replica's notifications from the others'. */
	private final String replicaId = UUID.randomUUID().toString();

	private final JdbcTemplate jdbc;

	private final HikariDataSource pool;

	private final ReplicaNotifyProperties properties;

	private final MeterRegistry meters;

	private final Map<String, List<Runnable>> wakeUps = new ConcurrentHashMap<>();

	private final Map<String, Counter> received = new ConcurrentHashMap<>();

	private final Counter reconnects;

	private NotificationListener listener;

	ReplicaNotifications(JdbcTemplate jdbc, DataSource dataSource, ReplicaNotifyProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.pool = postgresPool(dataSource, properties);
		this.properties = properties;
		this.meters = meters;
		this.reconnects = Counter.builder("users.replicas.listener.reconnects")
			.description("Times this replica's connection listening to other replicas' commits was lost or could"
					+ " not be opened, each followed by a reconnect attempt")
			.register(meters);
		Gauge.builder("users.replicas.listener.connected", this, (self) -> self.listening() ? 1 : 0)
			.description("1 while this replica listens to other replicas' commits, 0 when its streams only poll")
			.register(meters);
	}

	private static HikariDataSource postgresPool(DataSource dataSource, ReplicaNotifyProperties properties) {
		try {
			if (properties.enabled() && dataSource.isWrapperFor(HikariDataSource.class)) {
				HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
				if (pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith(POSTGRES_URL)) {
					return pool;
				}
			}
			return null;
		}
		catch (SQLException failure) {
			return null;
		}
	}

	/** Whether commits are announced and listened for, rather than only polled. */
	boolean active() {
		return this.pool != null;
	}

	boolean listening() {
		NotificationListener current = this.listener;
		return current != null && current.listening();
	}

	@Override
	public void announce(String channel) {
		if (active()) {
			this.jdbc.query("select pg_notify(?, ?)", (rows) -> null, channel, this.replicaId);
		}
	}

	@Override
	public void onAnnouncement(String channel, Runnable wake) {
		this.wakeUps.computeIfAbsent(channel, (name) -> new CopyOnWriteArrayList<>()).add(wake);
		this.received.computeIfAbsent(channel,
				(name) -> Counter.builder("users.replicas.notifications")
					.description("Commits announced by other replicas that this replica heard of")
					.tag("channel", name)
					.register(this.meters));
	}

	@Override
	public synchronized void start() {
		if (!active() || this.listener != null) {
			return;
		}
		this.listener = new NotificationListener(this::connect, this.wakeUps.keySet(), new WakeTails(),
				this.properties);
		Thread thread = new Thread(this.listener, "replica-listener");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public synchronized void stop() {
		if (this.listener != null) {
			this.listener.stop();
			this.listener = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.listener != null;
	}

	/**
	 * A connection of its own, with the pool's URL, credentials and driver settings: a
	 * listening session must live as long as the replica, which no pooled connection
	 * should.
	 */
	private Connection connect() throws SQLException {
		Properties settings = new Properties();
		settings.putAll(this.pool.getDataSourceProperties());
		if (this.pool.getUsername() != null) {
			settings.setProperty("user", this.pool.getUsername());
		}
		if (this.pool.getPassword() != null) {
			settings.setProperty("password", this.pool.getPassword());
		}
		settings.setProperty("ApplicationName", APPLICATION_NAME);
		settings.setProperty("tcpKeepAlive", "true");
		settings.setProperty("connectTimeout", "10");
		return new Driver().connect(this.pool.getJdbcUrl(), settings);
	}

	private final class WakeTails implements NotificationListener.Events {

		@Override
		public void notified(String channel, String payload) {
			if (ReplicaNotifications.this.replicaId.equals(payload)) {
				return;
			}
			ReplicaNotifications.this.received.get(channel).increment();
			ReplicaNotifications.this.wakeUps.get(channel).forEach(Runnable::run);
		}

		@Override
		public void gap() {
			ReplicaNotifications.this.wakeUps.values().forEach((wakes) -> wakes.forEach(Runnable::run));
		}

		@Override
		public void lost() {
			ReplicaNotifications.this.reconnects.increment();
		}

	}

}
