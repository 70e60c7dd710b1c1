package dev.userdirectory.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxItems the most users one CreateUsers stream may carry; past it
 * RESOURCE_EXHAUSTED. Each pending user holds about 400 bytes of heap until its stream
 * commits
 * @param maxResponseUsers the response lists the created users only up to this many, so
 * that it stays within clients' default 4 MiB message limit; beyond, only created_count
 * is set
 * @param chunkSize users are written in chunks of this many; a stream that fills a first
 * chunk is written while it is still arriving, smaller ones when they end
 * @param writers how many streams may be written while they arrive at once, each holding
 * one database connection and one open transaction; the others are written when they end
 * (0: all are)
 * @param maxIdle how long a stream that is being written may go without sending an item
 * before it is failed (DEADLINE_EXCEEDED, nothing created), so a stalled client cannot
 * hold its transaction and the unique keys it has inserted
 */
@ConfigurationProperties("users.bulk")
public record BulkCreateProperties(@DefaultValue("100000") int maxItems, @DefaultValue("1000") int maxResponseUsers,
		@DefaultValue("2000") int chunkSize, @DefaultValue("2") int writers, @DefaultValue("30s") Duration maxIdle) {

	public BulkCreateProperties {
		if (maxItems < 1 || maxResponseUsers < 0 || chunkSize < 1 || writers < 0) {
			throw new IllegalArgumentException("users.bulk: max-items and chunk-size must be at least 1, "
					+ "max-response-users and writers at least 0 (0 writers: every stream is written when it ends)");
		}
		if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero()) {
			throw new IllegalArgumentException("users.bulk.max-idle must be a positive duration");
		}
	}

}
