package dev.userdirectory.streaming;

import java.util.ArrayDeque;
import java.util.List;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Sends a server stream only as fast as the client reads it: the next chunk is fetched
 * from its source when the transport is ready for more, so a slow reader holds at most
 * one chunk here, and a cancelled call (client gone, deadline expired) stops fetching at
 * once.
 *
 * <p>
 * gRPC runs the handler method and the on-ready callbacks of one call one at a time, so
 * the state here is only ever touched by one thread at a time.
 */
public final class FlowControlledStream<T> {

	/**
	 * The next messages to send; an empty list ends the stream. Runs on a gRPC thread.
	 */
	@FunctionalInterface
	public interface Source<T> {

		List<T> next();

	}

	private final ServerCallStreamObserver<T> out;

	private final Source<T> source;

	private final ArrayDeque<T> pending = new ArrayDeque<>();

	private volatile boolean finished;

	private FlowControlledStream(ServerCallStreamObserver<T> out, Source<T> source) {
		this.out = out;
		this.source = source;
	}

	/** Starts streaming; call from the gRPC handler method. */
	public static <T> void start(ServerCallStreamObserver<T> out, Source<T> source) {
		FlowControlledStream<T> stream = new FlowControlledStream<>(out, source);
		out.setOnCancelHandler(stream::cancelled);
		out.setOnReadyHandler(stream::drain);
		stream.drain();
	}

	private void cancelled() {
		this.finished = true;
		this.pending.clear();
	}

	private void drain() {
		try {
			while (!this.finished && this.out.isReady()) {
				if (this.pending.isEmpty()) {
					List<T> chunk = this.source.next();
					if (chunk.isEmpty()) {
						this.finished = true;
						this.out.onCompleted();
						return;
					}
					this.pending.addAll(chunk);
				}
				this.out.onNext(this.pending.poll());
			}
		}
		catch (RuntimeException failure) {
			if (!this.finished) {
				this.finished = true;
				this.out.onError(failure);
			}
		}
	}

}
