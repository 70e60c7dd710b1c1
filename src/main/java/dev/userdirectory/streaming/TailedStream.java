package dev.userdirectory.streaming;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * A server stream fed from a {@link FeedTail}: it keeps its own position and pulls the
 * rows after it (from the ring, or from the table when it has fallen behind the ring)
 * only while the client can take them. Nothing is queued per stream, so a slow client
 * only lags, and it cannot slow the others. Optionally a stream that lags too far is
 * ended instead.
 */
public final class TailedStream<E extends FeedTail.Sequenced, M> implements FeedTail.Subscriber {

	private static final int BATCH = 128;

	private final FeedTail<E> tail;

	private final ServerCallStreamObserver<M> out;

	private final Function<E, Optional<M>> toMessage;

	private final Executor executor;

	private final long maxLag;

	private final Supplier<RuntimeException> tooFarBehind;

	private final AtomicInteger pendingSignals = new AtomicInteger();

	private volatile long position;

	private volatile boolean closed;

	private volatile RuntimeException endReason;

	private volatile boolean finishRequested;

	private volatile boolean started;

	private final java.util.concurrent.ConcurrentLinkedQueue<M> outOfBand = new java.util.concurrent.ConcurrentLinkedQueue<>();

	private volatile Runnable unsubscribe = () -> {
	};

	/**
	 * @param position the seq after which this stream starts
	 * @param toMessage the message for a row, or empty to skip it
	 * @param maxLag end the stream with {@code tooFarBehind} when it is more than this
	 * many rows behind the feed's head; negative for no limit
	 */
	public TailedStream(FeedTail<E> tail, ServerCallStreamObserver<M> out, long position,
			Function<E, Optional<M>> toMessage, Executor executor, long maxLag,
			Supplier<RuntimeException> tooFarBehind) {
		this.tail = tail;
		this.out = out;
		this.position = position;
		this.toMessage = toMessage;
		this.executor = executor;
		this.maxLag = maxLag;
		this.tooFarBehind = tooFarBehind;
	}

	/**
	 * For server streams: {@link #attach()} and {@link #startAt} at once, from the
	 * handler method.
	 */
	public TailedStream<E, M> start() {
		attach();
		startAt(this.position);
		return this;
	}

	/**
	 * Registers the call's callbacks; gRPC allows that only in the handler method, so a
	 * bidi stream attaches there and starts later, when it knows where from.
	 */
	public TailedStream<E, M> attach() {
		this.out.setOnCancelHandler(this::stop);
		this.out.setOnReadyHandler(this::signal);
		return this;
	}

	/** Starts delivering the rows after {@code position}. */
	public void startAt(long position) {
		this.position = position;
		this.started = true;
		Runnable unsubscribeFromTail = this.tail.subscribe(this);
		this.unsubscribe = unsubscribeFromTail;
		if (this.closed) {
			unsubscribeFromTail.run();
			return;
		}
		signal();
	}

	public boolean started() {
		return this.started;
	}

	public long position() {
		return this.position;
	}

	/**
	 * Sends a message that does not come from the feed (a reply to the client), in order
	 * with the feed's, on the sending thread.
	 */
	public void sendOutOfBand(M message) {
		this.outOfBand.add(message);
		signal();
	}

	/** Completes the stream normally, on the sending thread. */
	public void finish() {
		this.finishRequested = true;
		if (!this.started) {
			stop();
			this.out.onCompleted();
			return;
		}
		signal();
	}

	@Override
	public void onNewRows() {
		signal();
	}

	/** Ends the stream from the server side, e.g. on shutdown, on the sending thread. */
	@Override
	public void end(RuntimeException reason) {
		this.endReason = reason;
		if (!this.started) {
			stop();
			this.out.onError(reason);
			return;
		}
		signal();
	}

	private void stop() {
		this.closed = true;
		this.unsubscribe.run();
	}

	/**
	 * Runs {@link #drain()} on the executor, never twice at once, and again if signalled
	 * meanwhile.
	 */
	private void signal() {
		if (this.started && !this.closed && this.pendingSignals.getAndIncrement() == 0) {
			this.executor.execute(() -> {
				int missed = 1;
				do {
					drain();
					missed = this.pendingSignals.addAndGet(-missed);
				}
				while (missed != 0);
			});
		}
	}

	private void drain() {
		try {
			if (this.endReason != null && !this.closed) {
				stop();
				this.out.onError(this.endReason);
				return;
			}
			for (M reply = this.outOfBand.poll(); reply != null && !this.closed; reply = this.outOfBand.poll()) {
				this.out.onNext(reply);
			}
			if (this.finishRequested && !this.closed) {
				stop();
				this.out.onCompleted();
				return;
			}
			// Checked on every signal while the client is not reading: a burst that a
			// reading
			// client is still being sent is not lag, a client that stopped reading is.
			if (this.maxLag >= 0 && !this.out.isReady() && this.tail.head() - this.position > this.maxLag) {
				stop();
				this.out.onError(this.tooFarBehind.get());
				return;
			}
			while (!this.closed && this.out.isReady()) {
				long from = this.position;
				List<E> rows = this.tail.fromRing(from, BATCH).orElseGet(() -> this.tail.source().after(from, BATCH));
				if (rows.isEmpty()) {
					return;
				}
				for (E row : rows) {
					Optional<M> message = this.toMessage.apply(row);
					this.position = row.seq();
					if (this.closed) {
						return;
					}
					message.ifPresent(this.out::onNext);
				}
			}
		}
		catch (RuntimeException failure) {
			if (!this.closed) {
				stop();
				this.out.onError(failure);
			}
		}
	}

}
