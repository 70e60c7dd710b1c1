package dev.userdirectory.client.cli.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.DeleteUserResponse;
import io.grpc.Status;

/**
 * DeleteUser (no etag) of a user created for it ahead of time. Each worker has a stock of
 * users, created with CreateUsers before the clock starts and refilled in the background
 * when it runs low; a sample that finds the stock empty waits for the refill with its
 * clock stopped.
 */
final class DeleteUserExercise extends Exercise {

	private final List<Queue<String>> stocks = new ArrayList<>();

	private final List<AtomicBoolean> refilling = new ArrayList<>();

	private final List<AtomicReference<Sample>> waiting = new ArrayList<>();

	DeleteUserExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void prepare(int workers) {
		ProbeProperties settings = this.probe.settings;
		int initial = settings.measuresCalls() ? Math.min(1000, (settings.calls() + workers - 1) / workers + 1)
				: settings.deleteStock();
		List<CompletableFuture<List<String>>> stocked = new ArrayList<>();
		for (int worker = 0; worker < workers; worker++) {
			this.stocks.add(new ConcurrentLinkedQueue<>());
			this.refilling.add(new AtomicBoolean());
			this.waiting.add(new AtomicReference<>());
			stocked.add(this.probe.fixtures.stock(initial, "delete"));
		}
		for (int worker = 0; worker < workers; worker++) {
			try {
				this.stocks.get(worker).addAll(stocked.get(worker).join());
			}
			catch (RuntimeException failure) {
				throw Fixtures.asStatusException(failure);
			}
		}
	}

	@Override
	void start(int worker, Sample sample) {
		String id = this.stocks.get(worker).poll();
		if (id != null) {
			refillIfLow(worker);
			delete(id, sample);
			return;
		}
		this.waiting.get(worker).set(sample);
		refillIfLow(worker);
		resumeIfStocked(worker);
	}

	private void delete(String id, Sample sample) {
		this.probe.async()
			.deleteUser(DeleteUserRequest.newBuilder().setId(id).build(),
					new SampleCall<DeleteUserRequest, DeleteUserResponse>(sample) {
						@Override
						protected void completed() {
							DeleteUserExercise.this.probe.fixtures.deleted(id);
							this.sample.succeed();
						}
					});
	}

	private void refillIfLow(int worker) {
		int lowWater = Math.max(1, this.probe.settings.deleteStock() / 2);
		if (this.stocks.get(worker).size() >= lowWater || !this.refilling.get(worker).compareAndSet(false, true)) {
			return;
		}
		this.probe.fixtures.stock(this.probe.settings.deleteStock(), "delete").whenComplete((ids, failure) -> {
			if (ids != null) {
				this.stocks.get(worker).addAll(ids);
			}
			this.refilling.get(worker).set(false);
			if (failure != null) {
				Sample waiter = this.waiting.get(worker).getAndSet(null);
				if (waiter != null) {
					Status status = Status.fromThrowable(failure);
					waiter.fail(status
						.withDescription("could not create users to delete (CreateUsers): " + status.getDescription()));
				}
				return;
			}
			resumeIfStocked(worker);
		});
	}

	/**
	 * Starts the waiting sample, if any, once there is a user to delete; its clock starts
	 * then.
	 */
	private void resumeIfStocked(int worker) {
		if (this.stocks.get(worker).isEmpty()) {
			return;
		}
		Sample waiter = this.waiting.get(worker).getAndSet(null);
		if (waiter != null) {
			// The worker's only sample is this one, so nothing else takes from its stock
			// meanwhile.
			String id = this.stocks.get(worker).poll();
			waiter.restartClock();
			delete(id, waiter);
		}
	}

}
