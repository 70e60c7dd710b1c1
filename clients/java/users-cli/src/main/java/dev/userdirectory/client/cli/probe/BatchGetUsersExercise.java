package dev.userdirectory.client.cli.probe;

import java.util.ArrayList;
import java.util.List;

import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.BatchGetUsersResponse;
import dev.userdirectory.api.v1.User;

/**
 * BatchGetUsers of the {@code batch-size} users created for the worker, last first (so an
 * answer in creation order would not pass); the answer must be those users in that order.
 */
final class BatchGetUsersExercise extends Exercise {

	private final List<List<String>> batches = new ArrayList<>();

	BatchGetUsersExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void prepare(int workers) {
		int size = this.probe.settings.batchSize();
		List<String> ids = this.probe.fixtures.users(workers * size, "batch-get").stream().map(User::getId).toList();
		for (int worker = 0; worker < workers; worker++) {
			List<String> batch = new ArrayList<>(ids.subList(worker * size, (worker + 1) * size));
			java.util.Collections.reverse(batch);
			this.batches.add(List.copyOf(batch));
		}
	}

	@Override
	void start(int worker, Sample sample) {
		List<String> ids = this.batches.get(worker);
		this.probe.async()
			.batchGetUsers(BatchGetUsersRequest.newBuilder().addAllIds(ids).build(),
					new SampleCall<BatchGetUsersRequest, BatchGetUsersResponse>(sample) {
						@Override
						protected void next(BatchGetUsersResponse response) {
							List<String> answered = response.getUsersList().stream().map(User::getId).toList();
							if (!answered.equals(ids)) {
								bad("asked for " + ids + ", got " + answered);
							}
						}

						@Override
						protected void completed() {
							this.sample.succeed();
						}
					});
	}

}
