package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;

/** GetUser of the worker's own user; the answer must be that user. */
final class GetUserExercise extends OwnUserExercise {

	GetUserExercise(ProbeContext probe) {
		super(probe, "get");
	}

	@Override
	void start(int worker, Sample sample) {
		String id = userId(worker);
		this.probe.async()
			.getUser(GetUserRequest.newBuilder().setId(id).build(),
					new SampleCall<GetUserRequest, GetUserResponse>(sample) {
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
