package dev.userdirectory.fairness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Each subject's budget: a token bucket (Bucket4j) for the rate of calls, and counts of
 * its calls and of its subscriptions in flight ({@link CallKind}). Budgets live in a
 * bounded cache: a subject unseen for the idle expiry, or the least recent past the size
 * bound, is forgotten and starts afresh, so memory stays bounded whatever the number of
 * subjects. (A subject forgotten while it has calls in flight starts its next budget at
 * zero; those calls still release the budget they took.)
 */
class CallerBudgets {

	private final FairnessProperties limits;

	private final TimeMeter time;

	private final LoadingCache<String, Budget> budgets;

	CallerBudgets(FairnessProperties limits, TimeMeter time) {
		this.limits = limits;
		this.time = time;
		this.budgets = Caffeine.newBuilder()
			.maximumSize(limits.maxTrackedCallers())
			.expireAfterAccess(limits.idleExpiry())
			.ticker(time::currentTimeNanos)
			.executor(Runnable::run)
			.build((subject) -> new Budget(newBucket()));
	}

	/** Takes one call's share of {@code subject}'s budget, or says why it cannot. */
	Admission admit(String subject, CallKind kind) {
		Budget budget = this.budgets.get(subject);
		AtomicInteger inFlight = budget.inFlight(kind);
		if (inFlight.incrementAndGet() > this.limits.maxConcurrent(kind)) {
			inFlight.decrementAndGet();
			return new Admission.Refused(Admission.Limit.CONCURRENCY, this.limits.concurrencyRetryDelay());
		}
		ConsumptionProbe probe = (budget.bucket != null) ? budget.bucket.tryConsumeAndReturnRemaining(1) : null;
		if (probe != null && !probe.isConsumed()) {
			inFlight.decrementAndGet();
			return new Admission.Refused(Admission.Limit.RATE, Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
		AtomicBoolean released = new AtomicBoolean();
		return new Admission.Admitted(() -> {
			if (released.compareAndSet(false, true)) {
				inFlight.decrementAndGet();
			}
		});
	}

	/**
	 * Whether {@code subject}'s next call would be refused, taking nothing: a subject
	 * without a budget yet would not be.
	 */
	Optional<Admission.Refused> wouldRefuse(String subject, CallKind kind) {
		Budget budget = this.budgets.getIfPresent(subject);
		if (budget == null) {
			return Optional.empty();
		}
		if (budget.inFlight(kind).get() >= this.limits.maxConcurrent(kind)) {
			return Optional.of(new Admission.Refused(Admission.Limit.CONCURRENCY, this.limits.concurrencyRetryDelay()));
		}
		if (budget.bucket != null) {
			EstimationProbe probe = budget.bucket.estimateAbilityToConsume(1);
			if (!probe.canBeConsumed()) {
				return Optional
					.of(new Admission.Refused(Admission.Limit.RATE, Duration.ofNanos(probe.getNanosToWaitForRefill())));
			}
		}
		return Optional.empty();
	}

	/** Subjects whose budgets are currently kept. */
	long trackedCallers() {
		this.budgets.cleanUp();
		return this.budgets.estimatedSize();
	}

	private Bucket newBucket() {
		if (!this.limits.rateLimited()) {
			return null;
		}
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.limits.bucketSize())
				.refillGreedy(this.limits.callsPerSecond(), Duration.ofSeconds(1))
				.build())
			.withCustomTimePrecision(this.time)
			.build();
	}

	/**
	 * A subject's bucket (null without a rate limit), its calls and its subscriptions in
	 * flight.
	 */
	private record Budget(Bucket bucket, AtomicInteger calls, AtomicInteger subscriptions) {

		Budget(Bucket bucket) {
			this(bucket, new AtomicInteger(), new AtomicInteger());
		}

		AtomicInteger inFlight(CallKind kind) {
			return (kind == CallKind.SUBSCRIPTION) ? this.subscriptions : this.calls;
		}

	}

}
