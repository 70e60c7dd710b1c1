package dev.userdirectory.endpoint;

import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.BatchGetUsersResponse;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserResponse;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.DeleteUserResponse;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.ReactivateUserResponse;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UndeleteUserResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UpdateUserResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.changefeed.UserChangeWatch;
import dev.userdirectory.chat.ChatService;
import dev.userdirectory.data.UserDataService;
import dev.userdirectory.edit.CollaborativeEditService;
import dev.userdirectory.listing.UserListing;
import dev.userdirectory.security.Caller;
import dev.userdirectory.user.UserCalls;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.grpc.server.service.GrpcService;

/**
 * The users.v1 endpoint: hands each call to its feature's entry point, which depends on
 * nothing here. Failures are thrown and become statuses in
 * {@link dev.userdirectory.error.GrpcErrorHandler}.
 */
@GrpcService
public class UserGrpcService extends UserServiceGrpc.UserServiceImplBase {

	private final UserCalls users;

	private final UserListing listing;

	private final UserDataService data;

	private final ChatService chat;

	private final CollaborativeEditService edits;

	private final UserChangeWatch watch;

	private final ProtoValidator validator;

	UserGrpcService(UserCalls users, UserListing listing, UserChangeWatch watch, UserDataService data, ChatService chat,
			CollaborativeEditService edits, ProtoValidator validator) {
		this.users = users;
		this.edits = edits;
		this.chat = chat;
		this.data = data;
		this.watch = watch;
		this.listing = listing;
		this.validator = validator;
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responseObserver) {
		reply(responseObserver, this.users.get(request));
	}

	@Override
	public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> responseObserver) {
		reply(responseObserver, this.users.create(request, caller()));
	}

	@Override
	public void updateUser(UpdateUserRequest request, StreamObserver<UpdateUserResponse> responseObserver) {
		reply(responseObserver, this.users.update(request, caller()));
	}

	@Override
	public void deleteUser(DeleteUserRequest request, StreamObserver<DeleteUserResponse> responseObserver) {
		reply(responseObserver, this.users.delete(request, caller()));
	}

	@Override
	public void batchGetUsers(BatchGetUsersRequest request, StreamObserver<BatchGetUsersResponse> responseObserver) {
		reply(responseObserver, this.users.batchGet(request));
	}

	@Override
	public void undeleteUser(UndeleteUserRequest request, StreamObserver<UndeleteUserResponse> responseObserver) {
		reply(responseObserver, this.users.undelete(request, caller()));
	}

	@Override
	public void deactivateUser(DeactivateUserRequest request, StreamObserver<DeactivateUserResponse> responseObserver) {
		reply(responseObserver, this.users.deactivate(request, caller()));
	}

	@Override
	public void reactivateUser(ReactivateUserRequest request, StreamObserver<ReactivateUserResponse> responseObserver) {
		reply(responseObserver, this.users.reactivate(request, caller()));
	}

	/**
	 * The security interceptor admits no call without a subject; "" would only mean a bug
	 * there.
	 */
	private static String caller() {
		return Caller.subject().orElse("");
	}

	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> responseObserver) {
		this.validator.validate(request);
		this.listing.list(request, (ServerCallStreamObserver<ListUsersResponse>) responseObserver);
	}

	@Override
	public StreamObserver<CreateUsersRequest> createUsers(StreamObserver<CreateUsersResponse> responseObserver) {
		return this.users.createUsers(responseObserver, caller());
	}

	@Override
	public void watchUserChanges(WatchUserChangesRequest request,
			StreamObserver<WatchUserChangesResponse> responseObserver) {
		this.validator.validate(request);
		this.watch.watch(request, (ServerCallStreamObserver<WatchUserChangesResponse>) responseObserver);
	}

	@Override
	public StreamObserver<UploadUserDataRequest> uploadUserData(
			StreamObserver<UploadUserDataResponse> responseObserver) {
		return this.data.upload(responseObserver);
	}

	@Override
	public void downloadUserData(DownloadUserDataRequest request,
			StreamObserver<DownloadUserDataResponse> responseObserver) {
		this.validator.validate(request);
		this.data.download(request, (ServerCallStreamObserver<DownloadUserDataResponse>) responseObserver);
	}

	@Override
	public StreamObserver<ChatRequest> chat(StreamObserver<ChatResponse> responseObserver) {
		return this.chat.join((ServerCallStreamObserver<ChatResponse>) responseObserver, caller());
	}

	@Override
	public StreamObserver<CollaborativeEditRequest> collaborativeEdit(
			StreamObserver<CollaborativeEditResponse> responseObserver) {
		return this.edits.open((ServerCallStreamObserver<CollaborativeEditResponse>) responseObserver, caller());
	}

	private static <T> void reply(StreamObserver<T> responseObserver, T response) {
		responseObserver.onNext(response);
		responseObserver.onCompleted();
	}

}
