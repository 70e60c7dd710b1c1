package dev.userdirectory.client.cli.probe;

import com.google.common.util.concurrent.ListenableFuture;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserResponse;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.ReactivateUserResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;

/**
 * DeactivateUser of the worker's own (active) user, without an etag; the answer must be
 * the user, INACTIVE. A ReactivateUser outside the sample's time makes it active again.
 */
final class DeactivateUserExercise extends ReversibleWriteExercise {

	DeactivateUserExercise(ProbeContext probe) {
		super(probe, "deactivate");
	}

	@Override
	ListenableFuture<?> toStartingState(String id) {
		return null;
	}

	@Override
	void write(String id, UserCall<?, ?> call) {
		this.probe.async()
			.deactivateUser(DeactivateUserRequest.newBuilder().setId(id).build(),
					call.<DeactivateUserRequest, DeactivateUserResponse>reading(DeactivateUserResponse::getUser));
	}

	@Override
	void undo(String id, UserCall<?, ?> call) {
		this.probe.async()
			.reactivateUser(ReactivateUserRequest.newBuilder().setId(id).build(),
					call.<ReactivateUserRequest, ReactivateUserResponse>reading(ReactivateUserResponse::getUser));
	}

	@Override
	String check(String id, User answered) {
		return ReactivateUserExercise.expect(id, UserStatus.USER_STATUS_INACTIVE, answered);
	}

}
