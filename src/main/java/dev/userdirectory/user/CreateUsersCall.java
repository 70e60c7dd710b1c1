package dev.userdirectory.user;

import java.util.List;
import java.util.Map;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.StreamObserver;

/**
 * One CreateUsers stream: each item is checked as it arrives (so a bad item fails the call at
 * once, naming its index), kept in memory as a compact domain value, and all are written in one
 * transaction when the client half-closes.
 */
class CreateUsersCall implements StreamObserver<CreateUsersRequest> {

	private final StreamObserver<CreateUsersResponse> response;

	private final UserService users;

	private final UserMapper mapper;

	private final ProtoValidator validator;

	private final BulkCreateProperties limits;

	private final String actor;

	private BulkCreate batch = new BulkCreate();

	private boolean failed;

	CreateUsersCall(StreamObserver<CreateUsersResponse> response, UserService users, UserMapper mapper,
			ProtoValidator validator, BulkCreateProperties limits, String actor) {
		this.response = response;
		this.users = users;
		this.mapper = mapper;
		this.validator = validator;
		this.limits = limits;
		this.actor = actor;
	}

	@Override
	public void onNext(CreateUsersRequest item) {
		if (this.failed) {
			return;
		}
		try {
			int index = this.batch.size();
			if (index == this.limits.maxItems()) {
				throw new ApiException(ErrorReason.TOO_LARGE,
						"a CreateUsers stream may carry at most " + this.limits.maxItems() + " users; nothing was created",
						Map.of("max_items", Integer.toString(this.limits.maxItems())), List.of());
			}
			String prefix = "users[" + index + "]";
			if (!item.hasUser()) {
				throw ApiException.invalid(prefix, "value is required");
			}
			CreateUserRequest user = item.getUser();
			CreateUserRequest normalized = user.toBuilder().setEmail(NewUser.normalizeEmail(user.getEmail())).build();
			this.validator.validate(normalized, prefix);
			this.batch.add(this.mapper.toNewUser(normalized), user.getRequestId());
		}
		catch (RuntimeException failure) {
			fail(failure);
		}
	}

	@Override
	public void onError(Throwable clientGone) {
		// Cancelled or broken: nothing is written, and the items are let go.
		this.failed = true;
		this.batch = new BulkCreate();
	}

	@Override
	public void onCompleted() {
		if (this.failed) {
			return;
		}
		try {
			List<UserEntity> created = this.users.createAll(this.batch, this.actor);
			CreateUsersResponse.Builder reply = CreateUsersResponse.newBuilder().setCreatedCount(created.size());
			if (created.size() <= this.limits.maxResponseUsers()) {
				created.forEach((user) -> reply.addUsers(this.mapper.toProto(user)));
			}
			this.batch = new BulkCreate();
			this.response.onNext(reply.build());
			this.response.onCompleted();
		}
		catch (RuntimeException failure) {
			fail(failure);
		}
	}

	private void fail(RuntimeException failure) {
		this.failed = true;
		this.batch = new BulkCreate();
		this.response.onError(failure);
	}

}
