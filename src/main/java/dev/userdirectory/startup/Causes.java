package dev.userdirectory.startup;

import java.util.Optional;
import java.util.function.Predicate;

/** Walks a failure's chain of causes. */
final class Causes {

	private Causes() {
	}

	/**
	 * The first cause of {@code type} (the failure itself included) that {@code matching}
	 * accepts.
	 */
	static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type, Predicate<? super T> matching) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause) && matching.test(type.cast(cause))) {
				return Optional.of(type.cast(cause));
			}
		}
		return Optional.empty();
	}

	/**
	 * The deepest cause of {@code type} that {@code matching} accepts: the one closest to
	 * what actually went wrong, not a wrapper that repeats its code.
	 */
	static <T extends Throwable> Optional<T> deepest(Throwable failure, Class<T> type, Predicate<? super T> matching) {
		T found = null;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause) && matching.test(type.cast(cause))) {
				found = type.cast(cause);
			}
		}
		return Optional.ofNullable(found);
	}

}
