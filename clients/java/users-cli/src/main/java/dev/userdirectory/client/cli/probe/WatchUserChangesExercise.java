package dev.userdirectory.client.cli.probe;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UpdateUserResponse;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.Status;

/**
 * WatchUserChanges: open a watch, cause a change, receive it. The watch starts "from
 * now", which the service fixes when it handles the call, unseen by the client: a change
 * committed before that would never arrive. So the change (a rename of the worker's own
 * user) is made once the watch has delivered a first change, any change, which proves it
 * is running. On a service nobody else changes no first change comes: then the rename
 * goes out after {@link #HANDSHAKE}, and is repeated every {@link #REPEAT} in case the
 * watch started after it.
 *
 * <p>
 * Opening from a resume token would avoid the handshake, but a sample would then read
 * every change made since that token, which under heavy writes grows faster than a watch
 * can read it.
 */
final class WatchUserChangesExercise extends OwnUserExercise {

	static final Duration HANDSHAKE = Duration.ofMillis(100);

	static final Duration REPEAT = Duration.ofSeconds(1);

	WatchUserChangesExercise(ProbeContext probe) {
		super(probe, "watch");
	}

	@Override
	void start(int worker, Sample sample) {
		new Watch(userId(worker), sample).open();
	}

	private static boolean isRename(WatchUserChangesResponse change, String userId, Set<String> names) {
		return change.getChangeType() == ChangeType.CHANGE_TYPE_UPDATED && change.getUser().getId().equals(userId)
				&& names.contains(change.getUser().getName());
	}

	/** One sample: the watch, and the rename(s) it waits for. */
	private final class Watch extends SampleCall<WatchUserChangesRequest, WatchUserChangesResponse> {

		private final String userId;

		private final Set<String> names = ConcurrentHashMap.newKeySet();

		/** The sample ends when all its calls have: the watch, and each rename sent. */
		private final AtomicInteger openCalls = new AtomicInteger(1);

		/** The first thing that went wrong decides how the sample ends. */
		private final AtomicReference<Runnable> firstFailure = new AtomicReference<>();

		private boolean renamed;

		private boolean received;

		private boolean closed;

		Watch(String userId, Sample sample) {
			super(sample);
			this.userId = userId;
		}

		void open() {
			WatchUserChangesExercise.this.probe.async()
				.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), this);
			later(HANDSHAKE, () -> rename(false));
		}

		@Override
		protected void next(WatchUserChangesResponse change) {
			if (isRename(change, this.userId, this.names)) {
				synchronized (this) {
					this.received = true;
				}
				this.sample.stopClock();
				cancel("the probe received the change it waited for");
				return;
			}
			// A change reached the watch: it is running, so a rename made now cannot be
			// missed.
			rename(false);
		}

		/**
		 * Sends the first rename (or, with {@code repeat}, another one if none has
		 * arrived yet).
		 */
		private void rename(boolean repeat) {
			String name = "Probe watch " + WatchUserChangesExercise.this.probe.next();
			synchronized (this) {
				if (this.closed || this.received || (this.renamed && !repeat)) {
					return;
				}
				if (!this.renamed) {
					this.renamed = true;
					// Timed from the first rename: the handshake before it is not the
					// change's latency.
					this.sample.restartClock();
				}
				this.names.add(name);
				this.openCalls.incrementAndGet();
			}
			WatchUserChangesExercise.this.probe.async()
				.updateUser(UpdateUserExercise.rename(this.userId, name),
						new SampleCall<UpdateUserRequest, UpdateUserResponse>(this.sample) {
							@Override
							protected void completed() {
								closed();
							}

							@Override
							protected void failed(Status status) {
								Watch.this.firstFailure.compareAndSet(null, () -> this.sample.fail(status));
								closed();
								// No change is coming: end the watch now rather than at
								// its deadline.
								Watch.this.cancel("the change could not be made");
							}
						});
			later(REPEAT, () -> rename(true));
		}

		@Override
		protected void completed() {
			this.firstFailure.compareAndSet(null,
					() -> this.sample.badResponse("the watch ended before the change arrived"));
			watchClosed();
		}

		@Override
		protected void failed(Status status) {
			boolean cancelledByUs;
			synchronized (this) {
				cancelledByUs = this.received && status.getCode() == Status.Code.CANCELLED;
			}
			if (!cancelledByUs) {
				this.firstFailure.compareAndSet(null, () -> this.sample.fail(status));
			}
			watchClosed();
		}

		private void watchClosed() {
			synchronized (this) {
				this.closed = true;
			}
			closed();
		}

		private void closed() {
			if (this.openCalls.decrementAndGet() == 0) {
				Runnable failure = this.firstFailure.get();
				if (failure == null) {
					this.sample.succeed();
				}
				else {
					failure.run();
				}
			}
		}

		private void later(Duration delay, Runnable action) {
			Executor executor = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
			executor.execute(action);
		}

	}

}
