package dev.userdirectory.fairness;

import java.time.Duration;

/**
 * What {@link CallerBudgets} decided about one call: admitted, with a permit to give back
 * when the call ends, or refused, with why and how long to wait before trying again.
 */
sealed interface Admission {

	record Admitted(Permit permit) implements Admission {
	}

	record Refused(Limit limit, Duration retryAfter) implements Admission {
	}

	/** Which of a subject's limits refused a call. */
	enum Limit {

		/** The subject started more calls than its rate and burst allow. */
		RATE,

		/** The subject has as many calls in flight as it may. */
		CONCURRENCY

	}

	/** One call's place among its subject's calls in flight; released once. */
	interface Permit {

		void release();

	}

}
