package dev.userdirectory.user;

import java.time.Instant;
import java.util.UUID;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unary half of users.v1, called over the wire. Runs once per database: see the
 * concrete subclasses.
 */
abstract class AbstractUserApiTests extends AbstractUserTests {

	// CreateUser

	@Test
	void createUserCreatesAnActiveUserWithServerSetFields() {
		String email = uniqueEmail();
		CreateUserResponse response = this.users
			.createUser(validCreate().setEmail("  " + email.toUpperCase() + " ").build());

		User user = response.getUser();
		assertThat(UUID.fromString(user.getId())).isNotNull();
		assertThat(user.getEmail()).isEqualTo(email);
		assertThat(user.getName()).isEqualTo("Ada Lovelace");
		assertThat(user.getAge()).isEqualTo(36);
		assertThat(user.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(user.getTagsList()).containsExactly("math", "poetry");
		assertThat(user.getProfile().getAvatarUrl()).isEqualTo("https://example.com/ada.png");
		assertThat(user.getEtag()).isNotBlank();
		assertThat(instant(user.getCreatedAt())).isCloseTo(Instant.now(),
				org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
		assertThat(user.getUpdatedAt()).isEqualTo(user.getCreatedAt());
		assertThat(response.getMessage()).contains(user.getId());
	}

	@Test
	void createUserStoresOneChangeFeedEntry() {
		User user = create(validCreate());
		assertThat(changesRecordedFor(user.getId())).isEqualTo(1);
	}

	@Test
	void createUserRefusesAnEmailThatDiffersOnlyInCaseAndSpaces() {
		String email = uniqueEmail();
		create(validCreate().setEmail(email));

		assertFails(Code.ALREADY_EXISTS, () -> create(validCreate().setEmail(" " + email.toUpperCase())))
			.hasReason("EMAIL_ALREADY_EXISTS");
		assertThat(storedUsersWithEmail(email)).isEqualTo(1);
	}

	@Test
	void createUserNamesEveryInvalidFieldAndStoresNothing() {
		String email = "not-an-email";
		var error = assertFails(Code.INVALID_ARGUMENT,
				() -> create(CreateUserRequest.newBuilder()
					.setEmail(email)
					.setName("")
					.setAge(151)
					.addTags("")
					.addTags("x".repeat(65))
					.setProfile(Profile.newBuilder().setBio("b".repeat(4001)).setAvatarUrl("ftp://example.com/a"))
					.setRequestId("r".repeat(65))));

		error.hasReason("INVALID_REQUEST")
			.hasViolationsOn("email", "name", "age", "tags[0]", "tags[1]", "profile.bio", "profile.avatar_url",
					"request_id");
		assertThat(storedUsersWithEmail(email)).isZero();
	}

	@Test
	void createUserAcceptsTheBoundaryValues() {
		User user = create(validCreate().setName("n".repeat(200))
			.setAge(150)
			.clearTags()
			.addAllTags(java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "t" + i + "x".repeat(60)).toList())
			.setProfile(Profile.newBuilder().setBio("é".repeat(4000)).setAvatarUrl("")));

		assertThat(get(user.getId())).isEqualTo(user);
	}

	@Test
	void createUserRefusesMoreThanTwentyTagsOrDuplicateTags() {
		assertFails(Code.INVALID_ARGUMENT,
				() -> create(validCreate().clearTags()
					.addAllTags(java.util.stream.IntStream.range(0, 21).mapToObj((i) -> "t" + i).toList())))
			.hasViolationsOn("tags");
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().clearTags().addTags("a").addTags("a")))
			.hasViolationsOn("tags");
	}

	@Test
	void createUserRefusesAMissingEmail() {
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().setEmail("   "))).hasViolationsOn("email");
	}

	@Test
	void createUserReturnsTheFirstUserWhenARequestIdIsRepeated() {
		String requestId = UUID.randomUUID().toString();
		User first = create(validCreate().setRequestId(requestId));

		CreateUserResponse repeat = this.users.createUser(validCreate().setRequestId(requestId).build());

		assertThat(repeat.getUser()).isEqualTo(first);
		assertThat(repeat.getMessage()).isNotBlank();
		assertThat(changesRecordedFor(first.getId())).isEqualTo(1);
	}

	@Test
	void createAndUpdateRecordTheCallersTokenSubject() {
		var alice = UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject("alice").sign()));
		var bob = UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject("bob").sign()));
		User created = alice.createUser(validCreate().build()).getUser();

		User updated = bob
			.updateUser(UpdateUserRequest.newBuilder()
				.setUser(created.toBuilder().setAge(37))
				.setUpdateMask(FieldMask.newBuilder().addPaths("age"))
				.build())
			.getUser();

		assertThat(created.getCreatedBy()).isEqualTo("alice");
		assertThat(created.getUpdatedBy()).isEqualTo("alice");
		assertThat(updated.getCreatedBy()).isEqualTo("alice");
		assertThat(updated.getUpdatedBy()).isEqualTo("bob");
	}

	// GetUser

	@Test
	void getUserReturnsTheStoredUser() {
		User created = create(validCreate());
		assertThat(get(created.getId())).isEqualTo(created);
	}

	@Test
	void getUserAnswersNotFoundForAnUnknownId() {
		String id = UUID.randomUUID().toString();
		var error = assertFails(Code.NOT_FOUND, () -> get(id)).hasReason("USER_NOT_FOUND");
		assertThat(error.errorInfo().getMetadataMap()).containsEntry("user_id", id);
	}

	@Test
	void getUserAnswersInvalidArgumentForAMalformedId() {
		assertFails(Code.INVALID_ARGUMENT, () -> get("42; drop table users")).hasViolationsOn("id");
		assertFails(Code.INVALID_ARGUMENT, () -> get("")).hasViolationsOn("id");
	}

	// UpdateUser

	@Test
	void updateUserChangesOnlyTheMaskedFields() {
		User user = create(validCreate());

		User updated = update(user.toBuilder().setName("Countess").setAge(99).clearTags().build(), "name");

		assertThat(updated.getName()).isEqualTo("Countess");
		assertThat(updated.getAge()).isEqualTo(36);
		assertThat(updated.getTagsList()).containsExactly("math", "poetry");
		assertThat(updated.getEtag()).isNotEqualTo(user.getEtag());
		assertThat(instant(updated.getUpdatedAt())).isAfterOrEqualTo(instant(user.getUpdatedAt()));
		assertThat(updated.getCreatedAt()).isEqualTo(user.getCreatedAt());
		assertThat(get(user.getId())).isEqualTo(updated);
		assertThat(changesRecordedFor(user.getId())).isEqualTo(2);
	}

	@Test
	void updateUserUpdatesEachMaskablePath() {
		User user = create(validCreate());
		String newEmail = uniqueEmail();
		User changes = User.newBuilder()
			.setId(user.getId())
			.setEmail(" " + newEmail.toUpperCase())
			.setAge(40)
			.setStatus(UserStatus.USER_STATUS_SUSPENDED)
			.addTags("chess")
			.setProfile(Profile.newBuilder().setBio("New bio").setAvatarUrl("http://example.org/x"))
			.build();

		User updated = update(changes, "email", "age", "status", "tags", "profile.bio");

		assertThat(updated.getEmail()).isEqualTo(newEmail);
		assertThat(updated.getAge()).isEqualTo(40);
		assertThat(updated.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
		assertThat(updated.getTagsList()).containsExactly("chess");
		assertThat(updated.getProfile().getBio()).isEqualTo("New bio");
		assertThat(updated.getProfile().getAvatarUrl()).as("not in the mask").isEqualTo("https://example.com/ada.png");

		User replacedProfile = update(User.newBuilder().setId(user.getId()).build(), "profile");
		assertThat(replacedProfile.getProfile()).isEqualTo(Profile.getDefaultInstance());
	}

	@Test
	void updateUserAppliesWhenTheEtagMatches() {
		User user = create(validCreate());
		User updated = update(user.toBuilder().setName("B").build(), "name");
		assertThat(update(updated.toBuilder().setAge(1).build(), "age").getAge()).isEqualTo(1);
	}

	@Test
	void updateUserAbortsOnAStaleEtagAndWritesNothing() {
		User user = create(validCreate());
		User current = update(user.toBuilder().setName("Newer").build(), "name");

		assertFails(Code.ABORTED, () -> update(user.toBuilder().setName("Stale").build(), "name"))
			.hasReason("ETAG_MISMATCH");

		assertThat(get(user.getId())).isEqualTo(current);
		assertThat(changesRecordedFor(user.getId())).isEqualTo(2);
	}

	@Test
	void updateUserRefusesAnEmptyOrUnknownMask() {
		User user = create(validCreate());
		assertFails(Code.INVALID_ARGUMENT, () -> update(user)).hasViolationsOn("update_mask");
		assertFails(Code.INVALID_ARGUMENT, () -> update(user, "name", "id")).hasViolationsOn("update_mask");
		assertFails(Code.INVALID_ARGUMENT, () -> update(user, "etag")).hasViolationsOn("update_mask");
	}

	@Test
	void updateUserRefusesValuesACreateWouldRefuseAndWritesNothing() {
		User user = create(validCreate());

		assertFails(Code.INVALID_ARGUMENT, () -> update(user.toBuilder().setName("").build(), "name"))
			.hasViolationsOn("user.name");
		assertFails(Code.INVALID_ARGUMENT, () -> update(user.toBuilder().setEmail("nope").build(), "email"))
			.hasViolationsOn("user.email");
		assertFails(Code.INVALID_ARGUMENT,
				() -> update(user.toBuilder().setStatus(UserStatus.USER_STATUS_UNSPECIFIED).build(), "status"))
			.hasViolationsOn("user.status");
		assertFails(Code.INVALID_ARGUMENT,
				() -> update(
						user.toBuilder().setProfile(Profile.newBuilder().setAvatarUrl("javascript:alert(1)")).build(),
						"profile.avatar_url"))
			.hasViolationsOn("user.profile.avatar_url");

		assertThat(get(user.getId())).isEqualTo(user);
	}

	@Test
	void updateUserRefusesAMissingOrMalformedId() {
		assertFails(Code.INVALID_ARGUMENT, () -> update(User.newBuilder().setName("x").build(), "name"))
			.hasViolationsOn("user.id");
		assertFails(Code.INVALID_ARGUMENT, () -> update(User.newBuilder().setId("1").build(), "name"))
			.hasViolationsOn("user.id");
	}

	@Test
	void updateUserAnswersNotFoundForAnUnknownUser() {
		assertFails(Code.NOT_FOUND,
				() -> update(User.newBuilder().setId(UUID.randomUUID().toString()).setName("x").build(), "name"))
			.hasReason("USER_NOT_FOUND");
	}

	@Test
	void updateUserRefusesAnotherUsersEmailButAcceptsItsOwn() {
		User other = create(validCreate());
		User user = create(validCreate());

		assertFails(Code.ALREADY_EXISTS,
				() -> update(user.toBuilder().setEmail(other.getEmail().toUpperCase()).build(), "email"))
			.hasReason("EMAIL_ALREADY_EXISTS");
		assertThat(get(user.getId())).isEqualTo(user);

		User same = update(user.toBuilder().setEmail(user.getEmail().toUpperCase()).build(), "email");
		assertThat(same.getEmail()).isEqualTo(user.getEmail());
	}

	// DeleteUser

	@Test
	void deleteUserHidesTheUserAndKeepsItForUndelete() {
		User user = create(validCreate());

		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());

		assertFails(Code.NOT_FOUND, () -> get(user.getId()));
		assertThat(storedUsersWithEmail(user.getEmail())).as("soft-deleted, not removed").isOne();
		assertThat(changesRecordedFor(user.getId())).as("created, deleted").isEqualTo(2);
	}

	@Test
	void deleteUserDeletesWhenTheEtagMatches() {
		User user = create(validCreate());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).setEtag(user.getEtag()).build());
		assertFails(Code.NOT_FOUND, () -> get(user.getId()));
	}

	@Test
	void deleteUserAbortsOnAStaleEtagAndKeepsTheUser() {
		User user = create(validCreate());
		User current = update(user.toBuilder().setAge(50).build(), "age");

		assertFails(Code.ABORTED,
				() -> this.users
					.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).setEtag(user.getEtag()).build()))
			.hasReason("ETAG_MISMATCH");

		assertThat(get(user.getId())).isEqualTo(current);
	}

	@Test
	void deleteUserAnswersNotFoundForAMissingUser() {
		User user = create(validCreate());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());

		assertFails(Code.NOT_FOUND,
				() -> this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build()))
			.hasReason("USER_NOT_FOUND");
	}

	@Test
	void deleteUserKeepsTheEmailReservedUntilThePurge() {
		User user = create(validCreate());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());

		assertFails(Code.ALREADY_EXISTS, () -> create(validCreate().setEmail(user.getEmail())))
			.hasReason("EMAIL_ALREADY_EXISTS");
	}

}
