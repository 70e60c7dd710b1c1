package dev.userdirectory.client.cli.probe;

import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.common.util.concurrent.ListenableFuture;
import dev.userdirectory.api.v1.User;
import io.grpc.Status;

/**
 * An exercise of a write that its user's state allows only once (UndeleteUser of a
 * deleted user, DeactivateUser of an active one, ReactivateUser of an inactive one). The
 * worker's own user is put into the state the write starts from before the clock starts;
 * a sample is the write, timed, then (its clock stopped) the opposite write, which puts
 * the user back for the next sample. That second call counts among the sample's calls,
 * and its failure fails the sample.
 */
abstract class ReversibleWriteExercise extends OwnUserExercise {

	ReversibleWriteExercise(ProbeContext probe, String kind) {
		super(probe, kind);
	}

	@Override
	void prepare(int workers) {
		super.prepare(workers);
		for (User user : users()) {
			ListenableFuture<?> ready = toStartingState(user.getId());
			if (ready == null) {
				continue;
			}
			try {
				ready.get();
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
			}
			catch (ExecutionException failed) {
				throw Fixtures.asStatusException(failed.getCause());
			}
		}
	}

	/**
	 * Puts a new (active) user into the state the timed write starts from, on the future
	 * stub; null when it is there already.
	 */
	abstract ListenableFuture<?> toStartingState(String id);

	/** Starts the timed write of the user, answering its user to the call. */
	abstract void write(String id, UserCall<?, ?> call);

	/** Starts the opposite write, which makes the user ready for the next sample. */
	abstract void undo(String id, UserCall<?, ?> call);

	/** Why the timed write's answer is wrong, or null when it is right. */
	abstract String check(String id, User answered);

	@Override
	void start(int worker, Sample sample) {
		String id = userId(worker);
		write(id, new UserCall<>(sample, (user) -> {
			sample.stopClock();
			String wrong = check(id, user);
			if (wrong != null) {
				sample.badResponse(wrong);
				return;
			}
			undo(id, new UserCall<>(sample, (undone) -> sample.succeed()));
		}));
	}

	/**
	 * A unary call of the sample whose response carries a user (or none, for DeleteUser):
	 * hands it on when the call completes.
	 */
	static final class UserCall<Q, R> extends SampleCall<Q, R> {

		private final Consumer<User> answered;

		private Function<R, User> user = (response) -> null;

		private User received;

		UserCall(Sample sample, Consumer<User> answered) {
			super(sample);
			this.answered = answered;
		}

		/** This call, reading the user from its response with {@code user}. */
		@SuppressWarnings("unchecked")
		<Q2, R2> UserCall<Q2, R2> reading(Function<R2, User> user) {
			UserCall<Q2, R2> typed = (UserCall<Q2, R2>) this;
			typed.user = user;
			return typed;
		}

		@Override
		protected void next(R response) {
			this.received = this.user.apply(response);
		}

		@Override
		protected void completed() {
			this.answered.accept(this.received);
		}

	}

}
