package dev.userdirectory.client.cli.probe;

import com.google.common.util.concurrent.ListenableFuture;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserResponse;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.ReactivateUserResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;

/**
 * ReactivateUser of the worker's own user, deactivated before, without an etag; the
 * answer must be the user, ACTIVE. A DeactivateUser outside the sample's time makes it
 * inactive again.
 */
final class ReactivateUserExercise extends ReversibleWriteExercise {

	ReactivateUserExercise(ProbeContext probe) {
		super(probe, "reactivate");
	}

	@Override
	ListenableFuture<?> toStartingState(String id) {
		return this.probe.future().deactivateUser(DeactivateUserRequest.newBuilder().setId(id).build());
	}

	@Override
	void write(String id, UserCall<?, ?> call) {
		this.probe.async()
			.reactivateUser(ReactivateUserRequest.newBuilder().setId(id).build(),
					call.<ReactivateUserRequest, ReactivateUserResponse>reading(ReactivateUserResponse::getUser));
	}

	@Override
	void undo(String id, UserCall<?, ?> call) {
		this.probe.async()
			.deactivateUser(DeactivateUserRequest.newBuilder().setId(id).build(),
					call.<DeactivateUserRequest, DeactivateUserResponse>reading(DeactivateUserResponse::getUser));
	}

	@Override
	String check(String id, User answered) {
		return expect(id, UserStatus.USER_STATUS_ACTIVE, answered);
	}

	/** Why {@code answered} is not user {@code id} with {@code status}, or null. */
	static String expect(String id, UserStatus status, User answered) {
		if (answered == null || !answered.getId().equals(id)) {
			return "changed user " + id + ", but the answer is " + ((answered != null) ? answered.getId() : "empty");
		}
		if (answered.getStatus() != status) {
			return "user " + id + " should now be " + status + ", but the answer says " + answered.getStatus();
		}
		return null;
	}

}
