package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.GrpcIntegrationTest;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateUsers over the wire: all users or none, failures naming the item. */
abstract class CreateUsersTests extends GrpcIntegrationTest {

	private final String prefix = "bulk-" + UUID.randomUUID().toString().substring(0, 8);

	private UserServiceGrpc.UserServiceStub async() {
		return UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(300, TimeUnit.SECONDS);
	}

	CreateUsersRequest item(int i) {
		return CreateUsersRequest.newBuilder()
			.setUser(CreateUserRequest.newBuilder().setEmail(email(i)).setName("Bulk " + i).addTags("bulk"))
			.build();
	}

	private String email(int i) {
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
		items.set(3, CreateUsersRequest.newBuilder()
			.setUser(CreateUserRequest.newBuilder().setEmail("not-an-email").setName("Bad"))
			.build());

		assertFails(Code.INVALID_ARGUMENT, () -> send(items)).hasViolationsOn("users[3].email");
		assertThat(stored(6)).isZero();
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
	void anEmptyStreamCreatesNothing() throws Throwable {
		assertThat(send(List.of()).getCreatedCount()).isZero();
	}

	@Test
	void aCancelledStreamCreatesNothing() throws Exception {
		var call = (io.grpc.stub.ClientCallStreamObserver<CreateUsersRequest>) async()
			.createUsers(new StreamObserver<>() {
				@Override
				public void onNext(CreateUsersResponse value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			});
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
		assertThat(this.jdbc.queryForObject("select count(*) from users where email like ?", Integer.class,
				this.prefix + "-%"))
			.isEqualTo(count);
	}

}
