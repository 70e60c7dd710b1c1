package dev.userdirectory.client.cli.probe;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UpdateUserResponse;
import dev.userdirectory.api.v1.User;

/**
 * UpdateUser of the worker's own user (so workers never race each other): a new name,
 * without an etag. The answer must carry the new name.
 */
final class UpdateUserExercise extends OwnUserExercise {

	UpdateUserExercise(ProbeContext probe) {
		super(probe, "update");
	}

	@Override
	void start(int worker, Sample sample) {
		String name = "Probe update " + this.probe.next();
		this.probe.async()
			.updateUser(rename(userId(worker), name), new SampleCall<UpdateUserRequest, UpdateUserResponse>(sample) {
				@Override
				protected void next(UpdateUserResponse response) {
					if (!response.getUser().getName().equals(name)) {
						bad("renamed to " + name + ", but the answer says " + response.getUser().getName());
					}
				}

				@Override
				protected void completed() {
					this.sample.succeed();
				}
			});
	}

	/** An unconditional rename (no etag). */
	static UpdateUserRequest rename(String id, String name) {
		return UpdateUserRequest.newBuilder()
			.setUser(User.newBuilder().setId(id).setName(name))
			.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
			.build();
	}

}
