package dev.userdirectory.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;

/** What the tests of the user methods share: valid requests and the plain calls. */
abstract class AbstractUserTests extends AbstractGrpcIntegrationTests {

	static String uniqueEmail() {
		return "user-" + UUID.randomUUID() + "@example.com";
	}

	static CreateUserRequest.Builder validCreate() {
		return CreateUserRequest.newBuilder()
			.setEmail(uniqueEmail())
			.setName("Ada Lovelace")
			.setAge(36)
			.addTags("math")
			.addTags("poetry")
			.setProfile(Profile.newBuilder().setBio("Analyst").setAvatarUrl("https://example.com/ada.png"));
	}

	User create(CreateUserRequest.Builder request) {
		return this.users.createUser(request.build()).getUser();
	}

	User get(String id) {
		return this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser();
	}

	User update(User user, String... paths) {
		return this.users
			.updateUser(UpdateUserRequest.newBuilder()
				.setUser(user)
				.setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
				.build())
			.getUser();
	}

	int storedUsersWithEmail(String email) {
		return this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email);
	}

	int changesRecordedFor(String userId) {
		return this.jdbc.queryForObject("select count(*) from user_changes where user_id = ?", Integer.class,
				UUID.fromString(userId));
	}

	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

}
