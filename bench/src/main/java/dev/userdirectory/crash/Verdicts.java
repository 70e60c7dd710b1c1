package dev.userdirectory.crash;

import java.util.ArrayList;
import java.util.List;

/** The drill's checks, one line each as made, and the failures again at the end. */
final class Verdicts {

	private final List<String> failures = new ArrayList<>();

	private final String drill;

	private int passed;

	Verdicts(String drill) {
		this.drill = drill;
	}

	boolean check(boolean condition, String what) {
		if (condition) {
			this.passed++;
		}
		else {
			this.failures.add(what);
		}
		System.out.println(this.drill + ": " + (condition ? "PASS " : "FAIL ") + what);
		return condition;
	}

	void info(String line) {
		System.out.println(this.drill + ": " + line);
	}

	boolean summarize() {
		this.failures.forEach((failure) -> System.out.println(this.drill + ": FAILED: " + failure));
		System.out.printf("%s: %d passed, %d failed%n", this.drill, this.passed, this.failures.size());
		return this.failures.isEmpty();
	}

}
