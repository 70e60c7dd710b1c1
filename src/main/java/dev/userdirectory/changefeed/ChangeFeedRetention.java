package dev.userdirectory.changefeed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Deletes changes older than the retention and remembers how far it deleted. */
@Component
public class ChangeFeedRetention implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ChangeFeedRetention.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ChangeFeedProperties properties;

	private final Clock clock;

	ChangeFeedRetention(JdbcTemplate jdbc, TransactionTemplate transactions, ChangeFeedProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.retentionCheckInterval();
		registrar.addFixedDelayTask(new FixedDelayTask(this::pruneExpired, interval, interval));
	}

	void pruneExpired() {
		try {
			pruneOlderThan(this.clock.instant().minus(this.properties.retention()));
		}
		catch (RuntimeException failure) {
			log.warn("Pruning the change feed failed; it is tried again later: {}", failure.getMessage());
		}
	}

	/**
	 * Deletes the changes made before {@code cutoff}; returns the seq it pruned through.
	 */
	public long pruneOlderThan(Instant cutoff) {
		return this.transactions.execute((tx) -> {
			// The feed's lock: no append interleaves with moving the watermark.
			long prunedThrough = this.jdbc
				.queryForObject("select pruned_through from change_feed_state where id = 1 for update", Long.class);
			Long last = this.jdbc.queryForObject("select max(seq) from user_changes where changed_at < ?", Long.class,
					Timestamp.from(cutoff));
			if (last == null || last <= prunedThrough) {
				return prunedThrough;
			}
			int deleted = this.jdbc.update("delete from user_changes where seq <= ?", last);
			this.jdbc.update("update change_feed_state set pruned_through = ? where id = 1", last);
			log.info("Pruned {} changes through seq {}", deleted, last);
			return last;
		});
	}

}
