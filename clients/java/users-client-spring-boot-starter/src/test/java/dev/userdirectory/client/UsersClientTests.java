package dev.userdirectory.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.support.GrpcErrors;
import dev.userdirectory.support.GrpcIntegrationTest;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** UsersClient's conveniences over the real service: paging, bulk creates, idempotent creates. */
abstract class UsersClientTests extends GrpcIntegrationTest {

	@Autowired
	private MeterRegistry meters;

	private UsersClientContext client;

	private UsersClient users;

	private final String tag = "client-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void startClient() {
		this.client = new UsersClientContext(this.grpcPort, "--users.client.token=" + TestJwtIssuer.validToken());
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
	void fetchesNoMorePagesThanTheConsumerReads() {
		IntStream.range(0, 7).forEach(this::create);
		long before = listCallsServed();

		try (Stream<User> listed = this.users.list("tag = \"" + this.tag + "\"", 3)) {
			assertThat(listed.limit(2)).hasSize(2);
		}

		// Closing the stream cancels the page in flight; the service records the call when it ends.
		await().atMost(Duration.ofSeconds(10)).until(() -> listCallsServed() > before && openListCalls() == 0);
		assertThat(listCallsServed() - before).isEqualTo(1);
	}

	private double openListCalls() {
		return this.meters.get("grpc.server.calls.open").tag("rpc_method", "ListUsers").gauge().value();
	}

	private long listCallsServed() {
		return this.meters.find("grpc.server").tag("rpc.method", "ListUsers").timers().stream()
			.mapToLong(Timer::count)
			.sum();
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

		GrpcErrors failure = GrpcErrors.assertFails(Status.Code.INVALID_ARGUMENT, () -> this.users.createAll(batch));

		assertThat(failure.fieldViolations()).containsOnlyKeys("users[6].email");
		assertThat(this.users.list("tag = \"" + this.tag + "\"", 10).count()).isZero();
	}

	@Test
	void aCreateWithoutRequestIdStillCreatesOneUserPerCall() {
		CreateUserRequest request = newUser(0).toBuilder().clearRequestId().build();

		this.users.create(request);
		StatusRuntimeException second = assertThrows(StatusRuntimeException.class, () -> this.users.create(request));

		// Each call got its own request_id: the second is a new create, refused for its email.
		assertThat(second.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
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
