package dev.userdirectory.fuzz;

import java.util.List;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.TextEdit;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesRequest;

/**
 * For each method, a call that the service accepts, built with the generated classes: the
 * starting point of every mutation and targeted case, so that what fails is what was
 * damaged.
 */
final class ValidRequests {

	/**
	 * What the valid calls refer to: a user, a listing with a next page, a change to
	 * resume after.
	 */
	record Fixture(String userId, String tag, String pageToken, String resumeToken) {

		String listFilter() {
			return "tag = \"" + this.tag + "\"";
		}

	}

	private final Fixture fixture;

	private int created;

	ValidRequests(Fixture fixture) {
		this.fixture = fixture;
	}

	/**
	 * The messages of one valid call; new users get new emails, so that creating them can
	 * succeed.
	 */
	List<Message> of(String method) {
		String userId = this.fixture.userId();
		return switch (method) {
			case "GetUser" -> List.of(GetUserRequest.newBuilder().setId(userId).setShowDeleted(true).build());
			case "BatchGetUsers" -> List.of(BatchGetUsersRequest.newBuilder().addIds(userId).addIds(userId).build());
			// Other users than the fixture, so that valid calls cannot change it.
			case "UndeleteUser" ->
				List.of(UndeleteUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
			case "DeactivateUser" ->
				List.of(DeactivateUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
			case "ReactivateUser" ->
				List.of(ReactivateUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
			case "CreateUser" -> List.of(newUser());
			case "UpdateUser" -> List.of(UpdateUserRequest.newBuilder()
				.setUser(User.newBuilder().setId(userId).setName("Fuzzed Name"))
				.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
				.build());
			// Another user than the fixture, so that a valid delete cannot take it away.
			case "DeleteUser" -> List.of(DeleteUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
			case "ListUsers" -> List.of(ListUsersRequest.newBuilder()
				.setPageSize(1)
				.setFilter(this.fixture.listFilter())
				.setPageToken(this.fixture.pageToken())
				.build());
			case "WatchUserChanges" ->
				List.of(WatchUserChangesRequest.newBuilder().setResumeToken(this.fixture.resumeToken()).build());
			case "CreateUsers" -> List.of(CreateUsersRequest.newBuilder().setUser(newUser()).build(),
					CreateUsersRequest.newBuilder().setUser(newUser()).build());
			// Over one stored chunk (64 KiB) before the last message, so a failure there
			// has staged data.
			case "UploadUserData" -> List.of(
					UploadUserDataRequest.newBuilder()
						.setMetadata(UploadUserDataMetadata.newBuilder().setUserId(userId).setContentType("text/plain"))
						.build(),
					UploadUserDataRequest.newBuilder().setChunk(ByteString.copyFrom(new byte[100 * 1024])).build(),
					UploadUserDataRequest.newBuilder().setChunk(ByteString.copyFromUtf8("the end")).build());
			case "DownloadUserData" -> List.of(DownloadUserDataRequest.newBuilder().setUserId(userId).build());
			case "Chat" -> List.of(ChatRequest.newBuilder().setRoom("fuzz-" + this.fixture.tag()).build(),
					ChatRequest.newBuilder().setRoom("fuzz-" + this.fixture.tag()).setContent("hello").build());
			case "CollaborativeEdit" ->
				List.of(CollaborativeEditRequest.newBuilder().setJoin(JoinEdit.newBuilder().setUserId(userId)).build(),
						CollaborativeEditRequest.newBuilder()
							.setEdit(TextEdit.newBuilder().setBaseVersion(0).setPosition(0).setInsertText("x"))
							.build());
			default -> throw new IllegalArgumentException("no valid request known for " + method);
		};
	}

	private CreateUserRequest newUser() {
		this.created++;
		return CreateUserRequest.newBuilder()
			.setEmail("fuzz-" + this.fixture.tag() + "-" + this.created + "@example.com")
			.setName("Fuzz " + this.created)
			.setAge(30)
			.addTags(this.fixture.tag())
			.setProfile(Profile.newBuilder().setBio("fuzzed").setAvatarUrl("https://example.com/a.png"))
			.putAnnotations("example.com/fuzz", "yes")
			.setExternalId("fuzz-" + this.fixture.tag() + "-" + this.created)
			.build();
	}

}
