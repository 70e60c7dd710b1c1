package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The drill's verdicts: one line per check as it is made, so a CI log reads as the list
 * of what was proven (or not), and the failures again at the end, where a reader of a
 * long log looks.
 */
final class DrillChecks {

	private final List<String> failures = new ArrayList<>();

	private int passed;

	/**
	 * Records and prints one check; returns whether it passed, for checks that later ones
	 * rely on.
	 */
	boolean check(boolean condition, String what) {
		if (condition) {
			this.passed++;
			System.out.println("replicas: PASS " + what);
		}
		else {
			this.failures.add(what);
			System.out.println("replicas: FAIL " + what);
		}
		return condition;
	}

	/** A step that could not be carried out at all counts as a failed check. */
	void aborted(String step, Throwable cause) {
		check(false, step + " (aborted: " + cause + ")");
	}

	void info(String line) {
		System.out.println("replicas: " + line);
	}

	/**
	 * Whether {@code condition} holds within {@code limit}; a timeout is a verdict here,
	 * not an error.
	 */
	static boolean eventually(Duration limit, Callable<Boolean> condition) {
		try {
			await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(condition);
			return true;
		}
		catch (ConditionTimeoutException timedOut) {
			return false;
		}
	}

	boolean summarize() {
		this.failures.forEach((failure) -> System.out.println("replicas: FAILED: " + failure));
		System.out.printf("replicas: %d passed, %d failed%n", this.passed, this.failures.size());
		return this.failures.isEmpty();
	}

}
