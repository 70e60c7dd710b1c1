package dev.userdirectory.fairness;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller limits: each token subject gets its own budget on each replica, so one
 * caller flooding the service is refused (RESOURCE_EXHAUSTED with a retry delay) instead
 * of slowing everyone else down. Calls without a subject (health, reflection) are not
 * limited.
 *
 * @param enabled whether the limits apply at all
 * @param maxConcurrentCalls calls of one subject in flight at once on this replica; a
 * stream counts as one call for as long as it is open. This is what keeps a flooding
 * caller from filling the call threads' queue ahead of everyone else. Subscriptions
 * (WatchUserChanges, Chat, CollaborativeEdit) have their own limit
 * @param maxConcurrentSubscriptions WatchUserChanges, Chat and CollaborativeEdit streams
 * of one subject open at once on this replica: they wait for events without holding a
 * call thread, so many pods sharing one identity can keep theirs open without using up
 * that identity's calls
 * @param concurrencyRetryDelay the retry delay suggested to a caller refused for having
 * too many calls in flight (when one of them ends cannot be known in advance)
 * @param refusalHold a refusal is sent after its retry delay, at most this long (and
 * always well before the call's deadline), so a client that ignores RetryInfo and retries
 * at once cannot make refusals cost as much as serving; 0 sends refusals at once
 * @param callsPerSecond calls a subject may start per second on this replica, sustained
 * (a token bucket refilled at this rate); unset, there is no rate limit, only the
 * concurrency limit. Size it from the replica's measured capacity (docs/performance.md)
 * @param burst calls a subject may start at once after being idle (the bucket's size);
 * unset, one second's worth of {@code calls-per-second}
 * @param maxTrackedCallers how many subjects' budgets are kept; past that the least
 * recently seen are forgotten, so many distinct subjects cannot grow memory without bound
 * @param idleExpiry a subject's budget is forgotten after this long without a call
 */
@ConfigurationProperties("users.fairness")
public record FairnessProperties(@DefaultValue("true") boolean enabled, @DefaultValue("64") int maxConcurrentCalls,
		@DefaultValue("1000") int maxConcurrentSubscriptions, @DefaultValue("250ms") Duration concurrencyRetryDelay,
		@DefaultValue("1s") Duration refusalHold, Long callsPerSecond, Long burst,
		@DefaultValue("100000") long maxTrackedCallers, @DefaultValue("10m") Duration idleExpiry) {

	public FairnessProperties {
		if (maxConcurrentCalls <= 0 || maxConcurrentSubscriptions <= 0 || maxTrackedCallers <= 0
				|| (callsPerSecond != null && callsPerSecond <= 0) || (burst != null && burst <= 0)) {
			throw new IllegalArgumentException("users.fairness.max-concurrent-calls, max-concurrent-subscriptions,"
					+ " calls-per-second, burst and"
					+ " max-tracked-callers must be positive; set users.fairness.enabled=false to lift the limits");
		}
		if (concurrencyRetryDelay.isNegative() || refusalHold.isNegative() || idleExpiry.isNegative()
				|| idleExpiry.isZero()) {
			throw new IllegalArgumentException(
					"users.fairness.concurrency-retry-delay and refusal-hold must not be negative and"
							+ " users.fairness.idle-expiry must be positive");
		}
	}

	/** How many calls of {@code kind} one subject may have in flight. */
	int maxConcurrent(CallKind kind) {
		return (kind == CallKind.SUBSCRIPTION) ? this.maxConcurrentSubscriptions : this.maxConcurrentCalls;
	}

	/** Whether calls are limited per second as well as in flight. */
	boolean rateLimited() {
		return this.callsPerSecond != null;
	}

	/** The token bucket's size. */
	long bucketSize() {
		return (this.burst != null) ? this.burst : this.callsPerSecond;
	}

}
