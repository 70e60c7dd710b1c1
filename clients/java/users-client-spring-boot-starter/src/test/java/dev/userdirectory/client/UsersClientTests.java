package dev.userdirectory.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * UsersClient's conveniences over the real service (its jar, over a socket): paging, bulk
 * creates, idempotent creates, and the v1.1 calls.
 */
class UsersClientTests {

	@TempDir
	static java.nio.file.Path directory;

	private static RunningService service;

	private UsersClientContext client;

	private UsersClient users;

	private final String tag = "client-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startService() {
		service = new RunningService(directory);
	}

	@AfterAll
	static void stopService() {
		service.close();
	}

	@BeforeEach
	void startClient() {
		this.client = new UsersClientContext(service.port(), "--users.client.token=" + service.token());
		this.users = this.client.client();
	}

	@AfterEach
	void stopClient() {
		this.client.close();
	}

	@Test
	void listsEveryMatchingUserInCreationOrderAcrossPages() {
		List<String> created = IntStream.range(0, 7).mapToObj((i) -> create(i).getId()).toList();

		try (Stream<User> listed = this.users.list("tag = \"" + this.tag + "\"", 3)) {
			assertThat(listed.map(User::getId)).containsExactlyElementsOf(created);
		}
		long pageCalls = this.client.outcomes.outcomes.stream()
			.filter((outcome) -> outcome.method().endsWith("/ListUsers"))
			.count();
		assertThat(pageCalls).isEqualTo(3);
	}

	@Test
	void fetchesNoMorePagesThanTheConsumerReads() throws InterruptedException {
		IntStream.range(0, 7).forEach(this::create);

		try (Stream<User> listed = this.users.list("tag = \"" + this.tag + "\"", 3)) {
			assertThat(listed.limit(2)).hasSize(2);
		}

		// Closing the stream cancels the page in flight; its outcome is reported when it
		// ends.
		await().atMost(Duration.ofSeconds(10)).until(() -> listCalls() > 0);
		Thread.sleep(500);
		assertThat(listCalls()).isEqualTo(1);
	}

	private long listCalls() {
		return this.client.outcomes.outcomes.stream()
			.filter((outcome) -> outcome.method().endsWith("/ListUsers"))
			.count();
	}

	@Test
	void createsALargeBatchAtTheServicesPace() {
		CreateUsersResponse response = this.users.withDeadline(Duration.ofSeconds(60))
			.createAll(IntStream.range(0, 5_000).mapToObj(this::newUser).toList());

		assertThat(response.getCreatedCount()).isEqualTo(5_000);
		assertThat(this.users.list("tag = \"" + this.tag + "\"", 1000).count()).isEqualTo(5_000);
	}

	@Test
	void createsNoneOfABatchWithAnInvalidUser() {
		List<CreateUserRequest> batch = IntStream.range(0, 10)
			.mapToObj((i) -> (i == 6) ? newUser(i).toBuilder().setEmail("not an email").build() : newUser(i))
			.toList();

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> this.users.createAll(batch));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(fieldViolations(failure)).containsExactly("users[6].email");
		assertThat(this.users.list("tag = \"" + this.tag + "\"", 10).count()).isZero();
	}

	@Test
	void aCreateWithoutRequestIdStillCreatesOneUserPerCall() {
		CreateUserRequest request = newUser(0).toBuilder().clearRequestId().build();

		this.users.create(request);
		StatusRuntimeException second = assertThrows(StatusRuntimeException.class, () -> this.users.create(request));

		// Each call got its own request_id: the second is a new create, refused for its
		// email.
		assertThat(second.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
	}

	@Test
	void batchGetReturnsTheUsersInTheOrderAskedFor() {
		User first = create(0);
		User second = create(1);

		assertThat(this.users.batchGet(List.of(second.getId(), first.getId(), second.getId()))).extracting(User::getId)
			.containsExactly(second.getId(), first.getId(), second.getId());
	}

	@Test
	void batchGetWithAnUnknownIdIsNotFoundNamingIt() {
		String missing = UUID.randomUUID().toString();

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
				() -> this.users.batchGet(List.of(create(0).getId(), missing)));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(UsersClientRequestTests.errorInfo(failure).getMetadataMap()).containsEntry("id", missing);
	}

	@Test
	void deactivatesAndReactivatesAndRefusesASecondDeactivate() {
		User created = create(0);

		User inactive = this.users.deactivate(created.getId(), created.getEtag());
		StatusRuntimeException again = assertThrows(StatusRuntimeException.class,
				() -> this.users.deactivate(created.getId(), null));
		User active = this.users.reactivate(created.getId(), inactive.getEtag());

		assertThat(inactive.getStatus()).isEqualTo(UserStatus.USER_STATUS_INACTIVE);
		assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(UsersClientRequestTests.errorInfo(again).getReason()).isEqualTo("INVALID_STATUS_TRANSITION");
		assertThat(active.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(this.users.get(created.getId()).getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
	}

	@Test
	void undeletesADeletedUserWhichOnlyShowDeletedSeesMeanwhile() {
		User created = create(0);
		this.users.delete(created.getId(), "");

		StatusRuntimeException hidden = assertThrows(StatusRuntimeException.class,
				() -> this.users.get(created.getId()));
		User deleted = this.users.get(created.getId(), true);
		User restored = this.users.undelete(created.getId(), deleted.getEtag());
		StatusRuntimeException notDeleted = assertThrows(StatusRuntimeException.class,
				() -> this.users.undelete(created.getId(), null));

		assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(deleted.hasDeleteTime()).isTrue();
		assertThat(deleted.hasPurgeTime()).isTrue();
		assertThat(restored.hasDeleteTime()).isFalse();
		assertThat(this.users.get(created.getId()).getEmail()).isEqualTo(created.getEmail());
		assertThat(notDeleted.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(UsersClientRequestTests.errorInfo(notDeleted).getReason()).isEqualTo("USER_NOT_DELETED");
	}

	@Test
	void listsInTheOrderAskedForAcrossPagesAndDeletedUsersOnlyWhenAsked() {
		User bea = this.users.create(newUser(0).toBuilder().setName("Bea").build()).getUser();
		this.users.create(newUser(1).toBuilder().setName("Cid").build());
		this.users.create(newUser(2).toBuilder().setName("Abe").build());
		UsersClient.ListOptions tagged = UsersClient.ListOptions.DEFAULT.withFilter("tag = \"" + this.tag + "\"")
			.withPageSize(2);

		try (Stream<User> listed = this.users.list(tagged.withOrderBy("name desc"))) {
			assertThat(listed.map(User::getName)).containsExactly("Cid", "Bea", "Abe");
		}
		this.users.delete(bea.getId(), "");
		try (Stream<User> listed = this.users.list(tagged.withOrderBy("name"))) {
			assertThat(listed.map(User::getName)).containsExactly("Abe", "Cid");
		}
		try (Stream<User> listed = this.users.list(tagged.withOrderBy("name").withShowDeleted(true))) {
			assertThat(listed.map((user) -> user.getName() + ":" + user.hasDeleteTime())).containsExactly("Abe:false",
					"Bea:true", "Cid:false");
		}
	}

	@Test
	void keepsAnnotationsAndAnExternalIdThatNoOtherUserMayTake() {
		String externalId = this.tag + "-hr";
		User created = this.users
			.create(newUser(0).toBuilder()
				.putAnnotations("example.com/team", "ops")
				.putAnnotations("cost-center", "42")
				.setExternalId(externalId)
				.build())
			.getUser();

		User read = this.users.get(created.getId());
		StatusRuntimeException taken = assertThrows(StatusRuntimeException.class,
				() -> this.users.create(newUser(1).toBuilder().setExternalId(externalId).build()));

		assertThat(read.getAnnotationsMap())
			.isEqualTo(java.util.Map.of("example.com/team", "ops", "cost-center", "42"));
		assertThat(read.getExternalId()).isEqualTo(externalId);
		assertThat(taken.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(UsersClientRequestTests.errorInfo(taken).getReason()).isEqualTo("EXTERNAL_ID_TAKEN");
	}

	private static List<String> fieldViolations(StatusRuntimeException failure) {
		return StatusProto.fromThrowable(failure)
			.getDetailsList()
			.stream()
			.filter((detail) -> detail.is(BadRequest.class))
			.flatMap((detail) -> unpack(detail).getFieldViolationsList().stream())
			.map(BadRequest.FieldViolation::getField)
			.toList();
	}

	private static BadRequest unpack(com.google.protobuf.Any detail) {
		try {
			return detail.unpack(BadRequest.class);
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

	private User create(int index) {
		return this.users.create(newUser(index)).getUser();
	}

	private CreateUserRequest newUser(int index) {
		return CreateUserRequest.newBuilder()
			.setEmail(this.tag + "-" + index + "@example.com")
			.setName("Client " + index)
			.addTags(this.tag)
			.setRequestId(this.tag + "-" + index)
			.build();
	}

}
