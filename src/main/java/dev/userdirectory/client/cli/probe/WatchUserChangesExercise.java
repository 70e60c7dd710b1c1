package dev.userdirectory.client.cli.probe;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UpdateUserResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * WatchUserChanges: open a watch, cause a change, receive it. A watch "from now" cannot be used:
 * the client cannot tell when the service has taken its starting point, so a change made right
 * after opening might precede it. Instead each worker opens its watch from the resume token of the
 * last change it received (every later change is then delivered, in order, none missing) and renames
 * its own user; the sample ends when that rename arrives, and the stream is cancelled.
 */
final class WatchUserChangesExercise extends Exercise {

	/** How often the set-up renames a user before the first change reaches a watch from now. */
	private static final int PRIMING_ATTEMPTS = 20;

	private static final Duration PRIMING_WAIT = Duration.ofMillis(500);

	private List<User> users;

	private AtomicReferenceArray<String> resumeTokens;

	WatchUserChangesExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void prepare(int workers) {
		this.users = this.probe.fixtures.users(workers, "watch");
		String token = firstResumeToken(this.users.get(0).getId());
		this.resumeTokens = new AtomicReferenceArray<>(workers);
		for (int worker = 0; worker < workers; worker++) {
			this.resumeTokens.set(worker, token);
		}
	}

	/**
	 * Watches from now and renames {@code userId} until the watch reports a rename: that change's
	 * resume token is the workers' starting point.
	 */
	private String firstResumeToken(String userId) {
		BlockingQueue<WatchUserChangesResponse> changes = new LinkedBlockingQueue<>();
		AtomicReference<Throwable> failed = new AtomicReference<>();
		Context.CancellableContext watch = Context.current().withCancellation();
		try {
			watch.run(() -> this.probe.async()
				.withDeadlineAfter(PRIMING_ATTEMPTS * PRIMING_WAIT.toMillis() + 5000, TimeUnit.MILLISECONDS)
				.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), new StreamObserver<>() {
					@Override
					public void onNext(WatchUserChangesResponse change) {
						changes.add(change);
					}

					@Override
					public void onError(Throwable failure) {
						failed.set(failure);
					}

					@Override
					public void onCompleted() {
						failed.set(Status.INTERNAL.withDescription("the watch ended").asRuntimeException());
					}
				}));
			for (int attempt = 0; attempt < PRIMING_ATTEMPTS; attempt++) {
				String name = "Probe watch " + this.probe.next();
				this.probe.future().updateUser(UpdateUserExercise.rename(userId, name)).get();
				long until = System.nanoTime() + PRIMING_WAIT.toNanos();
				for (long left = PRIMING_WAIT.toNanos(); left > 0; left = until - System.nanoTime()) {
					if (failed.get() != null) {
						throw Fixtures.asStatusException(failed.get());
					}
					WatchUserChangesResponse change = changes.poll(left, TimeUnit.NANOSECONDS);
					if (change != null && isRename(change, userId, name)) {
						return change.getResumeToken();
					}
				}
			}
			throw Status.DEADLINE_EXCEEDED
				.withDescription("no change reached a new watch within " + PRIMING_ATTEMPTS + " renames")
				.asRuntimeException();
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
		}
		catch (java.util.concurrent.ExecutionException failure) {
			throw Fixtures.asStatusException(failure.getCause());
		}
		finally {
			watch.cancel(null);
		}
	}

	private static boolean isRename(WatchUserChangesResponse change, String userId, String name) {
		return change.getChangeType() == ChangeType.CHANGE_TYPE_UPDATED && change.getUser().getId().equals(userId)
				&& change.getUser().getName().equals(name);
	}

	@Override
	void start(int worker, Sample sample) {
		String userId = this.users.get(worker).getId();
		String name = "Probe watch " + this.probe.next();
		// The sample ends when both calls have: the watch (cancelled once the change arrived) and
		// the rename; the first thing that went wrong decides how.
		AtomicInteger open = new AtomicInteger(2);
		AtomicReference<Runnable> firstFailure = new AtomicReference<>();
		Runnable closed = () -> {
			if (open.decrementAndGet() == 0) {
				Runnable failure = firstFailure.get();
				if (failure == null) {
					sample.succeed();
				}
				else {
					failure.run();
				}
			}
		};
		WatchUserChangesRequest request = WatchUserChangesRequest.newBuilder()
			.setResumeToken(this.resumeTokens.get(worker))
			.build();
		SampleCall<WatchUserChangesRequest, WatchUserChangesResponse> watch = new SampleCall<>(sample) {

			private volatile boolean received;

			@Override
			protected void next(WatchUserChangesResponse change) {
				if (!this.received && isRename(change, userId, name)) {
					this.received = true;
					WatchUserChangesExercise.this.resumeTokens.set(worker, change.getResumeToken());
					this.sample.stopClock();
					cancel("the probe received the change it waited for");
				}
			}

			@Override
			protected void completed() {
				firstFailure.compareAndSet(null, () -> sample.badResponse("the watch ended before the change arrived"));
				closed.run();
			}

			@Override
			protected void failed(Status status) {
				if (!(this.received && status.getCode() == Status.Code.CANCELLED)) {
					firstFailure.compareAndSet(null, () -> sample.fail(status));
				}
				closed.run();
			}
		};
		this.probe.async().watchUserChanges(request, watch);
		this.probe.async().updateUser(UpdateUserExercise.rename(userId, name),
				new SampleCall<UpdateUserRequest, UpdateUserResponse>(sample) {
					@Override
					protected void completed() {
						closed.run();
					}

					@Override
					protected void failed(Status status) {
						firstFailure.compareAndSet(null, () -> sample.fail(status));
						closed.run();
						// No change is coming: end the watch now rather than at its deadline.
						watch.cancel("the change could not be made");
					}
				});
	}

}
