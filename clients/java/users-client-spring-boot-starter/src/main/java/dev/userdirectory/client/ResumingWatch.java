package dev.userdirectory.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A WatchUserChanges stream that re-opens itself from the last delivered event's resume
 * token when it breaks (the server restarted, a replica went away, the stream's own
 * deadline passed), waiting with jittered exponential backoff between failed attempts.
 * The server's resume semantics (every later change, in order, none missing, on any
 * replica) make this loss- and repeat-free.
 */
final class ResumingWatch implements UsersClient.Watch {

	/**
	 * What a new stream can cure: the server or the path to it was away, or the stream
	 * aged out.
	 */
	private static final Set<Status.Code> RESUMABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
			Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.INTERNAL, Status.Code.UNKNOWN,
			Status.Code.CANCELLED);

	private final Channel channel;

	private final Consumer<WatchUserChangesResponse> onChange;

	private final Consumer<Throwable> onError;

	private final UsersClientProperties.Watch settings;

	private final ScheduledExecutorService scheduler;

	private volatile String resumeToken;

	private volatile boolean closed;

	private Context.CancellableContext stream;

	private int failuresInARow;

	ResumingWatch(Channel channel, String resumeToken, Consumer<WatchUserChangesResponse> onChange,
			Consumer<Throwable> onError, UsersClientProperties.Watch settings, ScheduledExecutorService scheduler) {
		this.channel = channel;
		this.resumeToken = resumeToken;
		this.onChange = onChange;
		this.onError = onError;
		this.settings = settings;
		this.scheduler = scheduler;
	}

	synchronized void start() {
		if (this.closed) {
			return;
		}
		this.stream = Context.current().withCancellation();
		WatchUserChangesRequest request = WatchUserChangesRequest.newBuilder().setResumeToken(this.resumeToken).build();
		this.stream.run(() -> UserServiceGrpc.newStub(this.channel)
			.withDeadlineAfter(this.settings.streamDeadline().toMillis(), TimeUnit.MILLISECONDS)
			.watchUserChanges(request, new Observer()));
	}

	@Override
	public String resumeToken() {
		return this.resumeToken;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.stream != null) {
			this.stream.cancel(null);
		}
	}

	private synchronized void reopenLater(Status status) {
		if (this.closed) {
			return;
		}
		// A stream that reached its own deadline is healthy: re-open at once. Failures
		// back off.
		long delay = (status.getCode() == Status.Code.DEADLINE_EXCEEDED && this.failuresInARow == 0) ? 0
				: backoff(this.failuresInARow++).toMillis();
		this.scheduler.schedule(this::start, delay, TimeUnit.MILLISECONDS);
	}

	/**
	 * Full jitter: a random wait up to the exponential bound, so clients of a restarted
	 * server spread out.
	 */
	private Duration backoff(int failures) {
		long bound = Math.min(this.settings.maxBackoff().toMillis(),
				this.settings.initialBackoff().toMillis() << Math.min(failures, 20));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
	}

	private final class Observer implements StreamObserver<WatchUserChangesResponse> {

		@Override
		public void onNext(WatchUserChangesResponse change) {
			if (ResumingWatch.this.closed) {
				return;
			}
			synchronized (ResumingWatch.this) {
				ResumingWatch.this.failuresInARow = 0;
			}
			ResumingWatch.this.resumeToken = change.getResumeToken();
			ResumingWatch.this.onChange.accept(change);
		}

		@Override
		public void onError(Throwable failure) {
			if (ResumingWatch.this.closed) {
				return;
			}
			Status status = Status.fromThrowable(failure);
			if (RESUMABLE.contains(status.getCode())) {
				reopenLater(status);
			}
			else {
				ResumingWatch.this.closed = true;
				ResumingWatch.this.onError.accept(failure);
			}
		}

		@Override
		public void onCompleted() {
			// The server ended the stream cleanly (it is shutting down): carry on
			// elsewhere.
			reopenLater(Status.UNAVAILABLE);
		}

	}

}
