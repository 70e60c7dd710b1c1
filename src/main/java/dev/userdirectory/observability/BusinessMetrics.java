package dev.userdirectory.observability;

import java.util.concurrent.atomic.AtomicLong;

import dev.userdirectory.streaming.FeedTail;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of the directory itself, sampled every 30 s so scrapes never query the database:
 * users stored, and how far this replica's change-feed tail lags behind the table (watch
 * latency).
 */
@Component
class BusinessMetrics {

	private final JdbcTemplate jdbc;

	private final FeedTail<?> changeFeed;

	private final AtomicLong users = new AtomicLong();

	private final AtomicLong changeFeedLag = new AtomicLong();

	BusinessMetrics(JdbcTemplate jdbc, FeedTail<?> changeFeedTail, HealthEndpoint health, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.changeFeed = changeFeedTail;
		Gauge.builder("users.stored", this.users, AtomicLong::get).description("Users stored").register(meters);
		Gauge.builder("users.change_feed.lag", this.changeFeedLag, AtomicLong::get)
			.description("Changes committed but not yet seen by this replica's watchers")
			.register(meters);
		// Readiness as a metric, for alerting: 1 when actuator's readiness group
		// (database included) is UP.
		Gauge.builder("users.readiness", health, BusinessMetrics::ready)
			.description("1 when this replica is ready (readiness group UP), else 0")
			.register(meters);
	}

	private static double ready(HealthEndpoint health) {
		var readiness = health.healthForPath("readiness");
		return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
	}

	@Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT5S")
	void sample() {
		try {
			this.users.set(this.jdbc.queryForObject("select count(*) from users", Long.class));
			Long head = this.jdbc.queryForObject("select max(seq) from user_changes", Long.class);
			this.changeFeedLag.set(Math.max(0, ((head != null) ? head : 0) - this.changeFeed.head()));
		}
		catch (RuntimeException databaseAway) {
			// Readiness reports the database; these gauges keep their last values
			// meanwhile.
		}
	}

}
