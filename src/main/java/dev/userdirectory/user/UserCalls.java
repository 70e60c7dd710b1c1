package dev.userdirectory.user;

import java.util.List;
import java.util.UUID;

import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.BatchGetUsersResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserResponse;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.DeleteUserResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.ReactivateUserResponse;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UndeleteUserResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UpdateUserResponse;
import dev.userdirectory.user.UserService.CreatedUser;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Component;

/**
 * The user feature's entry point for users.v1: GetUser, BatchGetUsers, CreateUser,
 * UpdateUser, DeleteUser, UndeleteUser, DeactivateUser, ReactivateUser and the
 * CreateUsers stream, each request checked against its proto rules, then mapped to the
 * domain and back. The endpoint calls this and nothing else of the feature.
 */
@Component
public class UserCalls {

	private final UserService users;

	private final UserMapper mapper;

	private final ProtoValidator validator;

	private final BulkCreateProperties bulkLimits;

	private final BulkCreateWriters bulkWriters;

	UserCalls(UserService users, UserMapper mapper, ProtoValidator validator, BulkCreateProperties bulkLimits,
			BulkCreateWriters bulkWriters) {
		this.users = users;
		this.mapper = mapper;
		this.validator = validator;
		this.bulkLimits = bulkLimits;
		this.bulkWriters = bulkWriters;
	}

	public GetUserResponse get(GetUserRequest request) {
		this.validator.validate(request);
		return GetUserResponse.newBuilder()
			.setUser(this.users.read(UUID.fromString(request.getId()), request.getShowDeleted()))
			.build();
	}

	public BatchGetUsersResponse batchGet(BatchGetUsersRequest request) {
		this.validator.validate(request);
		List<UUID> ids = request.getIdsList().stream().map(UUID::fromString).toList();
		return BatchGetUsersResponse.newBuilder().addAllUsers(this.users.readAll(ids)).build();
	}

	public CreateUserResponse create(CreateUserRequest request, String caller) {
		CreateUserRequest normalized = request.toBuilder().setEmail(NewUser.normalizeEmail(request.getEmail())).build();
		this.validator.validate(normalized);
		CreatedUser result = this.users.create(this.mapper.toNewUser(normalized), request.getRequestId(), caller);
		String message = result.created() ? "Created user " + result.user().getId()
				: "User " + result.user().getId() + " was already created by request " + request.getRequestId();
		return CreateUserResponse.newBuilder().setUser(this.mapper.toProto(result.user())).setMessage(message).build();
	}

	public UpdateUserResponse update(UpdateUserRequest request, String caller) {
		this.validator.validate(request);
		UUID id = this.mapper.parseId("user.id", request.getUser().getId());
		UserPatch patch = this.mapper.toPatch(request.getUser(), request.getUpdateMask());
		UserEntity user = this.users.update(id, request.getUser().getEtag(), patch, caller);
		return UpdateUserResponse.newBuilder().setUser(this.mapper.toProto(user)).build();
	}

	public DeleteUserResponse delete(DeleteUserRequest request, String caller) {
		this.validator.validate(request);
		this.users.delete(UUID.fromString(request.getId()), request.getEtag(), caller);
		return DeleteUserResponse.getDefaultInstance();
	}

	public UndeleteUserResponse undelete(UndeleteUserRequest request, String caller) {
		this.validator.validate(request);
		UserEntity user = this.users.undelete(UUID.fromString(request.getId()), request.getEtag(), caller);
		return UndeleteUserResponse.newBuilder().setUser(this.mapper.toProto(user)).build();
	}

	public DeactivateUserResponse deactivate(DeactivateUserRequest request, String caller) {
		this.validator.validate(request);
		UserEntity user = this.users.changeStatus(UUID.fromString(request.getId()), request.getEtag(),
				UserEntity.Status.INACTIVE, "DeactivateUser", caller);
		return DeactivateUserResponse.newBuilder().setUser(this.mapper.toProto(user)).build();
	}

	public ReactivateUserResponse reactivate(ReactivateUserRequest request, String caller) {
		this.validator.validate(request);
		UserEntity user = this.users.changeStatus(UUID.fromString(request.getId()), request.getEtag(),
				UserEntity.Status.ACTIVE, "ReactivateUser", caller);
		return ReactivateUserResponse.newBuilder().setUser(this.mapper.toProto(user)).build();
	}

	/** A CreateUsers stream: all of its users are created, or none. */
	public StreamObserver<CreateUsersRequest> createUsers(StreamObserver<CreateUsersResponse> responses,
			String caller) {
		return new CreateUsersCall(responses, this.bulkWriters, this.mapper, this.validator, this.bulkLimits, caller);
	}

}
