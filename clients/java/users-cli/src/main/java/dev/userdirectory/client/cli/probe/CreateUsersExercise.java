package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.User;
import io.grpc.stub.StreamObserver;

/**
 * CreateUsers of batch-size new users (unique emails, the run tag) in one client stream.
 */
final class CreateUsersExercise extends Exercise {

	CreateUsersExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void start(int worker, Sample sample) {
		int batch = this.probe.settings.batchSize();
		StreamObserver<CreateUsersRequest> requests = this.probe.async()
			.createUsers(new SampleCall<CreateUsersRequest, CreateUsersResponse>(sample) {
				@Override
				protected void next(CreateUsersResponse response) {
					response.getUsersList()
						.stream()
						.map(User::getId)
						.forEach(CreateUsersExercise.this.probe.fixtures::created);
					if (response.getCreatedCount() != batch) {
						bad("created " + response.getCreatedCount() + " of " + batch + " users");
					}
				}

				@Override
				protected void completed() {
					this.sample.succeed();
				}
			});
		for (int i = 0; i < batch; i++) {
			requests.onNext(CreateUsersRequest.newBuilder().setUser(this.probe.newUser("batch")).build());
		}
		requests.onCompleted();
	}

}
