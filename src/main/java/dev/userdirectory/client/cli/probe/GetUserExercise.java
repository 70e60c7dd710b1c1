package dev.userdirectory.client.cli.probe;

import java.util.List;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.User;

/** GetUser of the worker's own user; the answer must be that user. */
final class GetUserExercise extends Exercise {

	private List<User> users;

	GetUserExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void prepare(int workers) {
		this.users = this.probe.fixtures.users(workers, "get");
	}

	@Override
	void start(int worker, Sample sample) {
		String id = this.users.get(worker).getId();
		this.probe.async()
			.getUser(GetUserRequest.newBuilder().setId(id).build(), new SampleCall<GetUserRequest, GetUserResponse>(sample) {
				@Override
				protected void next(GetUserResponse response) {
					if (!response.getUser().getId().equals(id)) {
						bad("asked for user " + id + ", got " + response.getUser().getId());
					}
				}

				@Override
				protected void completed() {
					this.sample.succeed();
				}
			});
	}

}
