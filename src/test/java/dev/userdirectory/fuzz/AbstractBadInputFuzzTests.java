package dev.userdirectory.fuzz;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.RawCalls;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ClientInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: random and damaged protobuf bytes, oversized fields, invalid UTF-8, huge
 * repeated fields, deep nesting and hostile tokens, sent raw to every method of users.v1
 * with a valid token. Every call must end with a precise status (never INTERNAL or
 * UNKNOWN), a failed call must leave no data behind, nothing may be logged as an
 * unexpected failure, and the service must still serve afterwards. {@code -Dfuzz.seed}
 * and {@code -Dfuzz.iterations} change the inputs.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractBadInputFuzzTests extends AbstractGrpcIntegrationTests {

	static final long SEED = Long.getLong("fuzz.seed", 8L);

	/** Random and mutated calls per method. */
	static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 60);

	private ValidRequests.Fixture fixture;

	private FuzzCases cases;

	private FuzzRun run;

	@BeforeEach
	void arrange() throws InterruptedException {
		this.fixture = fixture();
		this.cases = new FuzzCases(SEED, new ValidRequests(this.fixture));
		this.run = new FuzzRun(
				new RawCalls(ClientInterceptors.intercept(this.channel, BearerToken.of(TestJwtIssuer.validToken()))),
				this.jdbc, SEED);
	}

	@Test
	void randomBytesGetAPreciseStatusAndLeaveNoData(CapturedOutput output) {
		this.run.run(this.cases.randomBytes(ITERATIONS));
		assertContractKeptAndStillServing(output);
	}

	@Test
	void damagedValidRequestsGetAPreciseStatusAndLeaveNoData(CapturedOutput output) {
		this.run.run(this.cases.mutatedValidRequests(ITERATIONS));
		assertContractKeptAndStillServing(output);
	}

	@Test
	void hostileValuesInEveryFieldOfEveryRequestGetAPreciseStatus(CapturedOutput output) {
		this.run.run(this.cases.hostileFieldValues());
		assertContractKeptAndStillServing(output);
	}

	@Test
	void oversizedMessagesAndHugeRepeatedFieldsAreRefusedWithoutHarm(CapturedOutput output) {
		this.run.run(this.cases.oversizedMessages());
		this.run.run(this.cases.hugeRepeatedFields());
		assertContractKeptAndStillServing(output);
	}

	@Test
	void deeplyNestedMessagesGetAPreciseStatus(CapturedOutput output) {
		this.run.run(this.cases.deepNesting());
		assertContractKeptAndStillServing(output);
	}

	@Test
	void forgedDamagedAndMisusedPageAndResumeTokensAreRefused(CapturedOutput output) {
		HostileTokens tokens = new HostileTokens(SEED, this.fixture, this.cases);
		this.run.run(tokens.pageTokens());
		this.run.run(tokens.resumeTokens());
		assertContractKeptAndStillServing(output);
	}

	@Test
	void methodsThatTakeOneRequestRefuseNoneOrTwo(CapturedOutput output) {
		this.run.run(this.cases.wrongMessageCounts());
		assertContractKeptAndStillServing(output);
	}

	private void assertContractKeptAndStillServing(CapturedOutput output) {
		this.run.assertContractKept();
		// A deadline from now: the one the base class set when the test began may have
		// passed.
		assertThat(this.users.withDeadlineAfter(10, TimeUnit.SECONDS)
			.getUser(GetUserRequest.newBuilder().setId(this.fixture.userId()).build())
			.getUser()
			.getId()).isEqualTo(this.fixture.userId());
		assertThat(HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService("readiness").build())
			.getStatus()).isEqualTo(ServingStatus.SERVING);
		assertThat(output.getAll()).doesNotContain("Unexpected failure");
	}

	/**
	 * A user to refer to, a listing of three users with a next page, and a resume token,
	 * all made through the API. The tag keeps this run's users apart from other tests'.
	 */
	private ValidRequests.Fixture fixture() throws InterruptedException {
		byte[] random = new byte[4];
		new Random().nextBytes(random);
		String tag = "fz" + HexFormat.of().formatHex(random);
		User user = create(tag, "fixture");
		create(tag, "second");
		create(tag, "third");
		String pageToken = "";
		Iterator<ListUsersResponse> page = this.users
			.listUsers(ListUsersRequest.newBuilder().setPageSize(1).setFilter("tag = \"" + tag + "\"").build());
		while (page.hasNext()) {
			pageToken = page.next().getNextPageToken();
		}
		assertThat(pageToken).as("next page token of the fixture listing").isNotEmpty();
		return new ValidRequests.Fixture(user.getId(), tag, pageToken, resumeToken(user));
	}

	private User create(String tag, String who) {
		return this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail(who + "-" + tag + "@example.com")
				.setName("Fuzz " + who)
				.addTags(tag)
				.build())
			.getUser();
	}

	/**
	 * Renames the user under a watch until the watch reports it, and takes that event's
	 * token.
	 */
	private String resumeToken(User user) throws InterruptedException {
		StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> watch = new StreamRecorder<>();
		UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watch);
		try {
			for (int attempt = 0; attempt < 100; attempt++) {
				this.users.updateUser(UpdateUserRequest.newBuilder()
					.setUser(User.newBuilder().setId(user.getId()).setName("Fuzz fixture " + attempt))
					.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
					.build());
				Thread.sleep(100);
				List<WatchUserChangesResponse> events = watch.drain();
				if (!events.isEmpty()) {
					return events.get(0).getResumeToken();
				}
			}
			throw new AssertionError("the watch reported none of 100 renames");
		}
		finally {
			watch.cancel();
		}
	}

}
