package dev.userdirectory.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CreateUsers over the wire: all users or none, failures naming the item. */
abstract class AbstractCreateUsersTests extends AbstractGrpcIntegrationTests {

	private final String prefix = "bulk-" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	BulkCreateProperties bulk;

	UserServiceGrpc.UserServiceStub async() {
		return UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(300, TimeUnit.SECONDS);
	}

	CreateUsersRequest item(int i) {
		return CreateUsersRequest.newBuilder()
			.setUser(CreateUserRequest.newBuilder().setEmail(email(i)).setName("Bulk " + i).addTags("bulk"))
			.build();
	}

	String email(int i) {
		return this.prefix + "-" + i + "@example.com";
	}

	private CreateUsersResponse send(List<CreateUsersRequest> items) throws Throwable {
		return send(items.iterator());
	}

	CreateUsersResponse send(Iterator<CreateUsersRequest> items) throws Throwable {
		UserServiceGrpc.UserServiceStub stub = async();
		return ClientStreams.<CreateUsersRequest, CreateUsersResponse>send(stub::createUsers, items, 300);
	}

	private int stored(int count) {
		int found = 0;
		for (int i = 0; i < count; i++) {
			found += this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email(i));
		}
		return found;
	}

	private int storedWithPrefix() {
		return this.jdbc.queryForObject("select count(*) from users where email like ?", Integer.class,
				this.prefix + "-%");
	}

	static StreamObserver<CreateUsersResponse> ignoringResponses() {
		return new StreamObserver<>() {
			@Override
			public void onNext(CreateUsersResponse value) {
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
			}
		};
	}

	private List<CreateUsersRequest> items(int count) {
		return new ArrayList<>(IntStream.range(0, count).mapToObj(this::item).toList());
	}

	@Test
	void createsEveryUser() throws Throwable {
		CreateUsersResponse response = send(items(5));

		assertThat(response.getCreatedCount()).isEqualTo(5);
		assertThat(response.getUsersList()).extracting((u) -> u.getEmail())
			.containsExactly(email(0), email(1), email(2), email(3), email(4));
		String id = response.getUsers(2).getId();
		assertThat(this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser())
			.isEqualTo(response.getUsers(2));
		assertThat(this.jdbc.queryForObject("select count(*) from user_changes where user_id = ?", Integer.class,
				UUID.fromString(id)))
			.isEqualTo(1);
	}

	@Test
	void anInvalidItemFailsTheWholeStreamNamingItsIndex() {
		List<CreateUsersRequest> items = items(6);
		items.set(3,
				CreateUsersRequest.newBuilder()
					.setUser(CreateUserRequest.newBuilder().setEmail("not-an-email").setName("Bad"))
					.build());

		assertFails(Code.INVALID_ARGUMENT, () -> send(items)).hasViolationsOn("users[3].email");
		assertThat(stored(6)).isZero();
	}

	@Test
	void annotationsAndExternalIdsAreStoredWithEachUser() throws Throwable {
		List<CreateUsersRequest> items = new ArrayList<>(items(3));
		String externalId = "hr-" + UUID.randomUUID();
		items.set(1,
				CreateUsersRequest.newBuilder()
					.setUser(items.get(1)
						.getUser()
						.toBuilder()
						.putAnnotations("example.com/team", "ops")
						.setExternalId(externalId))
					.build());

		User stored = send(items).getUsers(1);

		assertThat(stored.getAnnotationsMap()).containsExactly(Map.entry("example.com/team", "ops"));
		assertThat(stored.getExternalId()).isEqualTo(externalId);
		assertThat(this.users.getUser(GetUserRequest.newBuilder().setId(stored.getId()).build()).getUser())
			.isEqualTo(stored);
	}

	@Test
	void anExternalIdAlreadyStoredOrRepeatedFailsItAllNamingTheItem() throws Throwable {
		String externalId = "hr-" + UUID.randomUUID();
		this.users.createUser(item(100).getUser().toBuilder().setExternalId(externalId).build());
		List<CreateUsersRequest> items = new ArrayList<>(items(4));
		items.set(2,
				CreateUsersRequest.newBuilder()
					.setUser(items.get(2).getUser().toBuilder().setExternalId(externalId))
					.build());

		assertFails(Code.ALREADY_EXISTS, () -> send(items)).hasReason("EXTERNAL_ID_TAKEN")
			.hasViolationsOn("users[2].external_id");
		assertThat(stored(4)).isZero();

		String repeated = "hr-" + UUID.randomUUID();
		List<CreateUsersRequest> twice = new ArrayList<>(items(4));
		for (int i : new int[] { 0, 3 }) {
			twice.set(i,
					CreateUsersRequest.newBuilder()
						.setUser(twice.get(i).getUser().toBuilder().setExternalId(repeated))
						.build());
		}
		assertFails(Code.ALREADY_EXISTS, () -> send(twice)).hasReason("EXTERNAL_ID_TAKEN")
			.hasViolationsOn("users[3].external_id");
	}

	@Test
	void aDuplicateWithinTheStreamFailsItAll() {
		List<CreateUsersRequest> items = items(6);
		items.set(4, item(1));

		assertFails(Code.ALREADY_EXISTS, () -> send(items)).hasReason("EMAIL_ALREADY_EXISTS")
			.hasViolationsOn("users[4].email");
		assertThat(stored(6)).isZero();
	}

	@Test
	void anEmailAlreadyStoredFailsItAll() throws Throwable {
		this.users.createUser(item(2).getUser());

		assertFails(Code.ALREADY_EXISTS, () -> send(items(5))).hasViolationsOn("users[2].email");
		assertThat(stored(5)).as("only the user made before").isEqualTo(1);
	}

	@Test
	void aRequestIdAlreadyUsedFailsItAllNamingTheItem() throws Throwable {
		String requestId = this.prefix + "-retry";
		this.users.createUser(CreateUserRequest.newBuilder()
			.setEmail(this.prefix + "-other@example.com")
			.setName("Made before")
			.setRequestId(requestId)
			.build());
		List<CreateUsersRequest> items = items(5);
		items.set(3,
				CreateUsersRequest.newBuilder()
					.setUser(items.get(3).getUser().toBuilder().setRequestId(requestId))
					.build());

		assertFails(Code.ALREADY_EXISTS, () -> send(items)).hasReason("REQUEST_ID_ALREADY_USED")
			.hasViolationsOn("users[3].request_id");
		assertThat(stored(5)).isZero();
	}

	@Test
	void theEarliestItemIsNamedWhenSeveralAreAlreadyStored() throws Throwable {
		this.users.createUser(item(4).getUser());
		this.users.createUser(item(1).getUser());

		assertFails(Code.ALREADY_EXISTS, () -> send(items(6))).hasViolationsOn("users[1].email");
		assertThat(stored(6)).as("only the users made before").isEqualTo(2);
	}

	@Test
	void textIsStoredExactlyAsSentWhateverCharactersItHolds() throws Throwable {
		// Tabs, line breaks and backslashes are what a bulk-load format must escape; "\N"
		// is how
		// PostgreSQL's COPY spells null. A chunk and one more: both of the bulk write's
		// paths.
		String awkward = "tab\tnew\nline\r\\N back\\slash \\x00 ünïcödé 🚀 'quote\" ;";
		int count = this.bulk.chunkSize() + 1;
		Iterator<CreateUsersRequest> items = IntStream.range(0, count)
			.mapToObj((i) -> CreateUsersRequest.newBuilder()
				.setUser(CreateUserRequest.newBuilder()
					.setEmail(email(i))
					.setName(awkward + i)
					.addTags("\\N")
					.addTags("a\tb" + i)
					.setProfile(Profile.newBuilder().setBio(awkward + "\n" + i)))
				.build())
			.iterator();

		assertThat(send(items).getCreatedCount()).isEqualTo(count);

		for (int i : new int[] { 0, count - 1 }) {
			UUID id = this.jdbc.queryForObject("select id from users where email = ?", UUID.class, email(i));
			User stored = this.users.getUser(GetUserRequest.newBuilder().setId(id.toString()).build()).getUser();
			assertThat(stored.getName()).isEqualTo(awkward + i);
			assertThat(stored.getTagsList()).containsExactly("\\N", "a\tb" + i);
			assertThat(stored.getProfile().getBio()).isEqualTo(awkward + "\n" + i);
			byte[] snapshot = this.jdbc.queryForObject("select user_snapshot from user_changes where user_id = ?",
					byte[].class, id);
			assertThat(User.parseFrom(snapshot)).as("the change feed's copy").isEqualTo(stored);
		}
	}

	@Test
	void aStoredDuplicateFarIntoALongStreamFailsItAllNamingItsIndex() {
		// Longer than a chunk: written while it arrives, so the database finds the
		// duplicate mid-stream.
		int count = 3 * this.bulk.chunkSize();
		int duplicate = this.bulk.chunkSize() + this.bulk.chunkSize() / 2;
		this.users.createUser(item(duplicate).getUser());

		assertFails(Code.ALREADY_EXISTS, () -> send(IntStream.range(0, count).mapToObj(this::item).iterator()))
			.hasReason("EMAIL_ALREADY_EXISTS")
			.hasViolationsOn("users[" + duplicate + "].email");
		assertThat(storedWithPrefix()).as("only the user made before").isEqualTo(1);
	}

	@Test
	void aLongStreamCancelledMidwayLeavesNothingAndNoKeyTaken() throws Exception {
		var call = (ClientCallStreamObserver<CreateUsersRequest>) async().createUsers(ignoringResponses());
		int sent = this.bulk.chunkSize() + 10;
		for (int i = 0; i < sent; i++) {
			call.onNext(item(i));
		}
		Thread.sleep(1000);
		call.cancel("changed my mind", null);

		// Once the writes are rolled back, the emails they had inserted are free again.
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> this.users.createUser(item(0).getUser()).hasUser());
		assertThat(storedWithPrefix()).as("only the user made afterwards").isEqualTo(1);
	}

	@Test
	void anEmptyStreamCreatesNothing() throws Throwable {
		assertThat(send(List.of()).getCreatedCount()).isZero();
	}

	@Test
	void aCancelledStreamCreatesNothing() throws Exception {
		var call = (ClientCallStreamObserver<CreateUsersRequest>) async().createUsers(ignoringResponses());
		for (int i = 0; i < 3; i++) {
			call.onNext(item(i));
		}
		call.cancel("changed my mind", null);
		Thread.sleep(500);

		assertThat(stored(3)).isZero();
	}

	@Test
	void createsOneHundredThousandUsersInOneStream() throws Throwable {
		int count = 100_000;
		Iterator<CreateUsersRequest> items = IntStream.range(0, count).mapToObj(this::item).iterator();

		CreateUsersResponse response = send(items);

		assertThat(response.getCreatedCount()).isEqualTo(count);
		assertThat(response.getUsersList()).as("too many to return within default message limits").isEmpty();
		assertThat(storedWithPrefix()).isEqualTo(count);
		assertThat(this.jdbc.queryForObject(
				"""
						select count(*) from users u join user_tags t on t.user_id = u.id join user_changes c on c.user_id = u.id
						where u.email like ? and t.tag = 'bulk' and c.change_type = 'CREATED'""",
				Integer.class, this.prefix + "-%"))
			.as("each with its tag and its change-feed entry")
			.isEqualTo(count);
	}

}
