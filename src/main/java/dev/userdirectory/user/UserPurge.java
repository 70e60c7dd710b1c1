package dev.userdirectory.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.changefeed.ChangeFeed;
import dev.userdirectory.changefeed.ChangeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes soft-deleted users for good once their retention has ended, with their tags,
 * annotations, data and edits (the database cascades), and reports each as PURGED on the
 * change feed. Every replica runs it: each batch locks its users' rows first, so a user
 * is purged by exactly one replica, and a replica that dies mid-batch rolls the whole
 * batch back for the next run to do again.
 */
@Component
class UserPurge implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(UserPurge.class);

	private final JdbcClient jdbc;

	private final UserBatchReader reader;

	private final UserMapper mapper;

	private final ChangeFeed changeFeed;

	private final TransactionTemplate transactions;

	private final DeletionProperties properties;

	private final Clock clock;

	UserPurge(JdbcClient jdbc, UserBatchReader reader, UserMapper mapper, ChangeFeed changeFeed,
			TransactionTemplate transactions, DeletionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.reader = reader;
		this.mapper = mapper;
		this.changeFeed = changeFeed;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.purgeInterval();
		registrar.addFixedDelayTask(new FixedDelayTask(this::purgeDue, interval, interval));
	}

	void purgeDue() {
		try {
			int purged = purgeDueAt(this.clock.instant());
			if (purged > 0) {
				log.info("Purged {} users whose deletion retention had ended", purged);
			}
		}
		catch (RuntimeException failure) {
			log.warn("Purging deleted users failed; it is tried again later: {}", failure.getMessage());
		}
	}

	/**
	 * Purges every user whose purge time is at or before {@code now}; returns how many.
	 */
	int purgeDueAt(Instant now) {
		int total = 0;
		int purged;
		do {
			purged = purgeBatch(now);
			total += purged;
		}
		while (purged == this.properties.purgeBatchSize());
		return total;
	}

	private int purgeBatch(Instant now) {
		return this.transactions.execute((tx) -> {
			// Row locks in id order, before the change feed's lock, as every write takes
			// them: replicas purging at once queue here instead of deadlocking, and the
			// later one finds the rows gone.
			List<UUID> due = this.jdbc
				.sql("select id from users where purge_time <= ? order by id fetch first "
						+ this.properties.purgeBatchSize() + " rows only for update")
				.param(Timestamp.from(now))
				.query(UUID.class)
				.list();
			if (due.isEmpty()) {
				return 0;
			}
			List<UserEntity> users = this.reader.read(due);
			this.jdbc.sql("delete from users where id in (:ids)").param("ids", due).update();
			Instant at = this.clock.instant();
			this.changeFeed.recordAll(users.stream()
				.map((user) -> new ChangeFeed.Change(ChangeType.PURGED, user.getId(),
						this.mapper.toProto(user).toByteArray(), at))
				.toList());
			return users.size();
		});
	}

}
