package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;

/**
 * CreateUser of a new user with a unique email, tagged with the run tag (deleted at the
 * end).
 */
final class CreateUserExercise extends Exercise {

	CreateUserExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void start(int worker, Sample sample) {
		CreateUserRequest request = this.probe.newUser("create");
		this.probe.async().createUser(request, new SampleCall<CreateUserRequest, CreateUserResponse>(sample) {
			@Override
			protected void next(CreateUserResponse response) {
				CreateUserExercise.this.probe.fixtures.created(response.getUser().getId());
				if (!response.getUser().getEmail().equals(request.getEmail())) {
					bad("created " + response.getUser().getEmail() + " for " + request.getEmail());
				}
			}

			@Override
			protected void completed() {
				this.sample.succeed();
			}
		});
	}

}
