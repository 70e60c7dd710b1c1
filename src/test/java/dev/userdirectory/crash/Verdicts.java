package dev.userdirectory.crash;

import java.util.ArrayList;
import java.util.List;

/** The drill's checks, one line each as made, and the failures again at the end. */
final class Verdicts {

	private final List<String> failures = new ArrayList<>();

	private int passed;

	boolean check(boolean condition, String what) {
		if (condition) {
			this.passed++;
		}
		else {
			this.failures.add(what);
		}
		System.out.println("crash-drill: " + (condition ? "PASS " : "FAIL ") + what);
		return condition;
	}

	void info(String line) {
		System.out.println("crash-drill: " + line);
	}

	boolean summarize() {
		this.failures.forEach((failure) -> System.out.println("crash-drill: FAILED: " + failure));
		System.out.printf("crash-drill: %d passed, %d failed%n", this.passed, this.failures.size());
		return this.failures.isEmpty();
	}

}
