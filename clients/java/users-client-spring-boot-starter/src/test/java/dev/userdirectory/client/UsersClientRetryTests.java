package dev.userdirectory.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.client.ScriptedUserService.Answer.fail;
import static dev.userdirectory.client.ScriptedUserService.Answer.stall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * UsersClient's channel policy (users-client.yaml) against a server that misbehaves on
 * cue: what is retried, how often, what is not, and how deadlines end calls on both
 * sides.
 */
class UsersClientRetryTests {

	private static final String ID = "7b0c5b7e-0f0e-4d6a-9a43-6c7f3f1c2d11";

	private ScriptedUserService server;

	private UsersClientContext client;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedUserService();
		this.client = new UsersClientContext(this.server.port());
	}

	@AfterEach
	void stop() throws Exception {
		this.client.close();
		this.server.close();
	}

	@Test
	void succeedsOnTheAttemptAfterThreeUnavailableOnesAndTheServerSawExactlyFour() {
		this.server.script(fail(unavailable()), fail(unavailable()), fail(unavailable()));

		assertThat(this.client.client().get(ID).getId()).isEqualTo(ID);

		assertThat(this.server.attempts("GetUser")).hasSize(4);
		assertThat(this.client.outcomes.last().attempts()).isEqualTo(4);
		assertThat(this.client.outcomes.last().status()).isEqualTo(Status.Code.OK);
	}

	@Test
	void givesUpAfterFourAttempts() {
		this.server.script(fail(unavailable()), fail(unavailable()), fail(unavailable()), fail(unavailable()),
				fail(unavailable()));

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> this.client.client().get(ID));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.server.attempts("GetUser")).hasSize(4);
	}

	@Test
	void stopsRetryingWhenMostCallsFail() {
		// Every attempt fails: without throttling, 10 calls would make 40 attempts.
		ScriptedUserService.Answer[] outage = new ScriptedUserService.Answer[40];
		java.util.Arrays.fill(outage, fail(unavailable()));
		this.server.script(outage);

		for (int call = 0; call < 10; call++) {
			assertThrows(StatusRuntimeException.class, () -> this.client.client().get(ID));
		}

		// Retry throttling (10 tokens, one per failure, retries only above 5): the first
		// call
		// makes its four attempts, every later one a single attempt.
		assertThat(this.server.attempts("GetUser")).hasSize(4 + 9);
	}

	@Test
	void neverRetriesInvalidArgument() {
		this.server.script(fail(ServiceAnswers.invalidArgument("id", "must be a UUID")));

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> this.client.client().get(ID));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(this.server.attempts("GetUser")).hasSize(1);
	}

	@Test
	void retriesResourceExhaustedWhenTheServerSaysWhenToComeBack() {
		Metadata pushback = new Metadata();
		pushback.put(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER), "20");
		this.server.script(fail(Status.RESOURCE_EXHAUSTED.withDescription("busy").asException(pushback)));

		assertThat(this.client.client().get(ID).getId()).isEqualTo(ID);

		assertThat(this.server.attempts("GetUser")).hasSize(2);
	}

	@Test
	void neverRetriesTheServicesOwnLimitErrors() {
		// As the service answers a limit hit (here: an upload too large), pushback -1
		// included.
		this.server.script(fail(ServiceAnswers.limitReached("too large")));

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> this.client.client().get(ID));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(this.server.attempts("GetUser")).hasSize(1);
	}

	@Test
	void retriesTheServicesDatabaseUnavailableAfterItsRetryDelay() {
		this.server.script(fail(ServiceAnswers.databaseUnavailable()));

		long started = System.nanoTime();
		assertThat(this.client.client().get(ID).getId()).isEqualTo(ID);

		assertThat(this.server.attempts("GetUser")).hasSize(2);
		// RetryInfo and grpc-retry-pushback-ms say 1 s; the policy's own backoff would be
		// ≤ 100 ms.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void retriesACreateWithTheSameRequestIdSoItCannotCreateTwice() {
		this.server.script(fail(unavailable()));

		String id = this.client.client()
			.create(CreateUserRequest.newBuilder().setEmail("ada@example.com").setName("Ada").build())
			.getUser()
			.getId();

		List<ScriptedUserService.Attempt> attempts = this.server.attempts("CreateUser");
		assertThat(attempts).hasSize(2);
		String first = ((CreateUserRequest) attempts.get(0).request()).getRequestId();
		String second = ((CreateUserRequest) attempts.get(1).request()).getRequestId();
		assertThat(first).isNotEmpty().isEqualTo(second);
		assertThat(id).isEqualTo("created-for-" + first);
	}

	@Test
	void keepsTheCallersRequestId() {
		this.client.client()
			.create(CreateUserRequest.newBuilder()
				.setEmail("ada@example.com")
				.setName("Ada")
				.setRequestId("mine-1")
				.build());

		assertThat(((CreateUserRequest) this.server.attempts("CreateUser").get(0).request()).getRequestId())
			.isEqualTo("mine-1");
	}

	@Test
	void sendsTheBearerTokenOnEveryAttempt() {
		this.server.script(fail(unavailable()));

		this.client.client().get(ID);

		assertThat(this.server.attempts("GetUser")).hasSize(2)
			.allSatisfy((attempt) -> assertThat(attempt.headers().get(ScriptedUserService.AUTHORIZATION))
				.isEqualTo("Bearer scripted-token"));
	}

	@Test
	void endsASlowCallAtItsDeadlineAndTheServerSeesTheCancellation() throws Exception {
		this.server.script(stall(10_000));
		Duration deadline = Duration.ofMillis(500);

		long started = System.nanoTime();
		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
				() -> this.client.client().withDeadline(deadline).get(ID));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(elapsed).isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plusMillis(1500));
		assertThat(this.server.cancellations.await(5, TimeUnit.SECONDS)).as("the server saw the call cancelled")
			.isTrue();
		assertThat(this.server.attempts("GetUser")).hasSize(1);
	}

	@Test
	void givesEveryCallTheChannelsDefaultDeadline() {
		this.client.client().get(ID);

		assertThat(this.client.outcomes.last().deadline()).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(5))
			.isGreaterThan(Duration.ofSeconds(4));
	}

	private static StatusException unavailable() {
		return Status.UNAVAILABLE.withDescription("scripted outage").asException();
	}

}
