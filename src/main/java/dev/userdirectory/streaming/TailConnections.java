package dev.userdirectory.streaming;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The connections the feed tails poll through, apart from the service's pool. Under a
 * write overload every pooled connection is held by a writer queued on a feed's lock, and
 * a tail that borrowed from the same pool waited behind them: watchers on the writing
 * replica heard of its own commits hundreds of milliseconds late (bench/cross-replica),
 * later than the other replicas did. Same database, URL and credentials as the pool.
 */
public final class TailConnections implements AutoCloseable {

	/**
	 * One per tail (changes, chat, edits): each polls from a single thread, one query at
	 * a time.
	 */
	static final int SIZE = 3;

	/** Null when the tails share the service's data source. */
	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private TailConnections(HikariDataSource ownPool, DataSource dataSource) {
		this.pool = ownPool;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * A pool configured as {@code dataSource} is, when that is a Hikari pool, metered in
	 * {@code meters}; otherwise the tails share {@code dataSource}.
	 */
	public static TailConnections beside(DataSource dataSource, MeterRegistry meters) {
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				HikariConfig config = new HikariConfig();
				dataSource.unwrap(HikariDataSource.class).copyStateTo(config);
				config.setPoolName("users-tails");
				config.setMaximumPoolSize(SIZE);
				config.setMinimumIdle(SIZE);
				// hikaricp_* with pool="users-tails", as the service's pool has them.
				if (config.getMetricRegistry() == null) {
					config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
				}
				HikariDataSource pool = new HikariDataSource(config);
				return new TailConnections(pool, pool);
			}
		}
		catch (SQLException failure) {
			// Not a Hikari pool after all: share it.
		}
		return new TailConnections(null, dataSource);
	}

	public JdbcOperations jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

}
