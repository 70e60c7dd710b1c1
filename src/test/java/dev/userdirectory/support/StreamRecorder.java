package dev.userdirectory.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Records what a server stream delivers, for tests: messages in order, and how it ended.
 * Can start with manual flow control to play a slow reader.
 */
public final class StreamRecorder<Q, R> implements ClientResponseObserver<Q, R> {

	private final LinkedBlockingQueue<R> messages = new LinkedBlockingQueue<>();

	private final int initialRequest;

	private volatile ClientCallStreamObserver<Q> call;

	private volatile Status closedWith;

	/** Reads as fast as messages come. */
	public StreamRecorder() {
		this(-1);
	}

	/**
	 * Reads only {@code initialRequest} messages until {@link #request(int)} asks for
	 * more.
	 */
	public StreamRecorder(int initialRequest) {
		this.initialRequest = initialRequest;
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
		this.call = requestStream;
		if (this.initialRequest >= 0) {
			requestStream.disableAutoRequestWithInitial(this.initialRequest);
		}
	}

	@Override
	public void onNext(R value) {
		this.messages.add(value);
	}

	@Override
	public void onError(Throwable t) {
		this.closedWith = Status.fromThrowable(t);
	}

	@Override
	public void onCompleted() {
		this.closedWith = Status.OK;
	}

	public void request(int count) {
		this.call.request(count);
	}

	public void cancel() {
		this.call.cancel("the test is done with it", null);
	}

	/** Waits for the next {@code count} messages; fails if they do not come in time. */
	public List<R> take(int count, Duration timeout) throws InterruptedException {
		List<R> taken = new ArrayList<>(count);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (taken.size() < count) {
			R next = this.messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (next == null) {
				throw new AssertionError("got " + taken.size() + " of " + count + " messages in " + timeout
						+ (this.closedWith != null ? "; the stream ended with " + this.closedWith : ""));
			}
			taken.add(next);
		}
		return taken;
	}

	/** Whatever arrived so far, without waiting. */
	public List<R> drain() {
		List<R> drained = new ArrayList<>();
		this.messages.drainTo(drained);
		return drained;
	}

	/** How the stream ended, or null while it is open. */
	public Status closedWith() {
		return this.closedWith;
	}

}
