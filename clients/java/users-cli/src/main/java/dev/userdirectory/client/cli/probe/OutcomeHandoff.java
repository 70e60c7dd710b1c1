package dev.userdirectory.client.cli.probe;

import java.util.function.Consumer;

import dev.userdirectory.client.CallOutcome;

/**
 * Hands each call's {@link CallOutcome} to the code that made the call. The channel's
 * {@code CallOutcomes} interceptor reports a call's outcome in its listener's
 * {@code onClose}, which then passes the close on, on the same thread and before
 * returning, to the stub's listener, which calls the probe's
 * {@code StreamObserver.onCompleted/onError}. So the outcome waiting on that thread when
 * an observer closes is its own call's.
 */
final class OutcomeHandoff implements Consumer<CallOutcome> {

	private static final ThreadLocal<CallOutcome> CLOSING = new ThreadLocal<>();

	@Override
	public void accept(CallOutcome outcome) {
		CLOSING.set(outcome);
	}

	/**
	 * The outcome of the call closing on this thread, from its observer's
	 * onCompleted/onError.
	 */
	static CallOutcome take() {
		CallOutcome outcome = CLOSING.get();
		CLOSING.remove();
		return outcome;
	}

}
