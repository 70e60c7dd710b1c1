package dev.userdirectory.client.cli.probe;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.userdirectory.client.CallOutcome;
import io.grpc.Status;

/**
 * One use of a method by one worker: when it started, how it ended (a status code name,
 * or {@link #BAD_RESPONSE} when the service answered OK with something wrong), and the
 * attempts its calls took on the wire. An exercise ends it exactly once; later ends are
 * ignored.
 */
final class Sample {

	static final String OK = "OK";

	/**
	 * The call succeeded but its answer was wrong (a missing user, a short read, a
	 * rejected edit).
	 */
	static final String BAD_RESPONSE = "BAD_RESPONSE";

	/**
	 * The probe itself failed while making the sample (a bug in the probe, not the
	 * service).
	 */
	static final String CLIENT_ERROR = "CLIENT_ERROR";

	/**
	 * Taken when the sample was started; decides whether it counts (see
	 * {@link #measured}).
	 */
	final long createdNanos;

	/** False for warm-up samples, which are run but not counted. */
	final boolean measured;

	private final Consumer<Sample> onEnd;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicInteger rpcs = new AtomicInteger();

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile long startedNanos;

	private volatile long stoppedNanos;

	private volatile String status;

	private volatile String detail;

	Sample(long nowNanos, boolean measured, Consumer<Sample> onEnd) {
		this.createdNanos = nowNanos;
		this.startedNanos = nowNanos;
		this.measured = measured;
		this.onEnd = onEnd;
	}

	/**
	 * Starts the clock again: the work done so far (e.g. waiting for a fixture) is not
	 * the sample's.
	 */
	void restartClock() {
		this.startedNanos = System.nanoTime();
	}

	/**
	 * The sample's time ends now, though its calls may still be closing (the first stop
	 * counts).
	 */
	void stopClock() {
		stopClockAt(System.nanoTime());
	}

	void stopClockAt(long nanos) {
		if (this.stoppedNanos == 0) {
			this.stoppedNanos = nanos;
		}
	}

	/** Counts one call of the sample and the attempts the channel made for it. */
	void took(CallOutcome outcome) {
		if (outcome != null) {
			this.rpcs.incrementAndGet();
			this.attempts.addAndGet(outcome.attempts());
		}
	}

	void succeed() {
		end(OK, null);
	}

	void fail(Status status) {
		end(status.getCode().name(), status.getDescription());
	}

	void fail(Throwable failure) {
		fail(Status.fromThrowable(failure));
	}

	void badResponse(String why) {
		end(BAD_RESPONSE, why);
	}

	void clientError(Throwable bug) {
		end(CLIENT_ERROR, String.valueOf(bug));
	}

	boolean ended() {
		return this.ended.get();
	}

	private void end(String status, String detail) {
		stopClock();
		if (this.ended.compareAndSet(false, true)) {
			this.status = status;
			this.detail = detail;
			this.onEnd.accept(this);
		}
	}

	boolean succeeded() {
		return OK.equals(this.status);
	}

	String status() {
		return this.status;
	}

	String detail() {
		return this.detail;
	}

	long latencyNanos() {
		return Math.max(0, this.stoppedNanos - this.startedNanos);
	}

	int rpcs() {
		return this.rpcs.get();
	}

	int attempts() {
		return this.attempts.get();
	}

}
