package dev.userdirectory.client.cli.probe;

import com.google.common.util.concurrent.ListenableFuture;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.DeleteUserResponse;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UndeleteUserResponse;
import dev.userdirectory.api.v1.User;

/**
 * UndeleteUser of the worker's own user, soft-deleted before, without an etag; the answer
 * must be the user, without a delete_time. A DeleteUser outside the sample's time deletes
 * it again.
 */
final class UndeleteUserExercise extends ReversibleWriteExercise {

	UndeleteUserExercise(ProbeContext probe) {
		super(probe, "undelete");
	}

	@Override
	ListenableFuture<?> toStartingState(String id) {
		return this.probe.future().deleteUser(DeleteUserRequest.newBuilder().setId(id).build());
	}

	@Override
	void write(String id, UserCall<?, ?> call) {
		this.probe.async()
			.undeleteUser(UndeleteUserRequest.newBuilder().setId(id).build(),
					call.<UndeleteUserRequest, UndeleteUserResponse>reading(UndeleteUserResponse::getUser));
	}

	@Override
	void undo(String id, UserCall<?, ?> call) {
		this.probe.async()
			.deleteUser(DeleteUserRequest.newBuilder().setId(id).build(),
					call.<DeleteUserRequest, DeleteUserResponse>reading((response) -> null));
	}

	@Override
	String check(String id, User answered) {
		if (answered == null || !answered.getId().equals(id)) {
			return "undeleted user " + id + ", but the answer is " + ((answered != null) ? answered.getId() : "empty");
		}
		if (answered.hasDeleteTime()) {
			return "undeleted user " + id + ", but the answer still has a delete_time";
		}
		return null;
	}

}
