package dev.userdirectory.fairness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-caller limits on the real service: a subject over its concurrency or its rate is
 * refused with RESOURCE_EXHAUSTED, a reason and a RetryInfo, while another subject's
 * calls go through at the same time.
 */
@OnH2
@TestPropertySource(properties = { "users.fairness.max-concurrent-calls=2",
		"users.fairness.max-concurrent-subscriptions=2", "users.fairness.calls-per-second=1", "users.fairness.burst=5",
		"users.fairness.concurrency-retry-delay=75ms" })
class CallerLimitsTests extends AbstractGrpcIntegrationTests {

	private static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	@Autowired
	MeterRegistry meters;

	private final List<StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>> watches = new ArrayList<>();

	private final List<ClientCallStreamObserver<CreateUsersRequest>> creates = new ArrayList<>();

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	@AfterEach
	void endStreams() {
		this.watches.forEach(StreamRecorder::cancel);
		this.creates.forEach((call) -> call.cancel("the test is over", null));
	}

	@Test
	void aSubjectWithTooManyCallsInFlightIsRefusedWhileAnotherIsServed() {
		String flooder = subject("flooder");
		openCreateUsers(flooder);
		openCreateUsers(flooder);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			StatusRuntimeException refused = refusedGetUser(flooder);
			assertThat(reason(refused)).isEqualTo("TOO_MANY_CONCURRENT_CALLS");
			assertThat(retryDelay(refused)).isEqualTo(Duration.ofMillis(75));
			assertThat(refused.getTrailers().get(RETRY_PUSHBACK)).isEqualTo("75");
		});
		assertFails(Status.Code.RESOURCE_EXHAUSTED, () -> getUser(flooder)).hasReason("TOO_MANY_CONCURRENT_CALLS");
		assertFails(Status.Code.NOT_FOUND, () -> getUser(subject("victim"))).hasReason("USER_NOT_FOUND");

		this.creates.get(0).cancel("the test has seen the refusal", null);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertFails(Status.Code.NOT_FOUND, () -> getUser(flooder)));
	}

	@Test
	void subscriptionsHaveALimitOfTheirOwnAndLeaveTheSubjectsCallsServed() {
		String fleet = subject("fleet");
		watch(fleet);
		watch(fleet);
		// Both watches are open once a third is refused.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			watch(fleet);
			StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> third = this.watches
				.get(this.watches.size() - 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> third.closedWith() != null);
			assertThat(third.closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		});

		assertFails(Status.Code.NOT_FOUND, () -> getUser(fleet)).hasReason("USER_NOT_FOUND");
		assertFails(Status.Code.NOT_FOUND, () -> getUser(fleet)).hasReason("USER_NOT_FOUND");
	}

	@Test
	void aSubjectOverItsRateIsRefusedUntilItsBucketRefills() {
		String flooder = subject("rate");
		// The burst of 5, and whatever the bucket refilled while they ran.
		int served = 0;
		StatusRuntimeException refused = null;
		while (refused == null && served < 50) {
			try {
				getUser(flooder);
			}
			catch (StatusRuntimeException failure) {
				if (failure.getStatus().getCode() == Status.Code.NOT_FOUND) {
					served++;
				}
				else {
					refused = failure;
				}
			}
		}
		assertThat(served).isGreaterThanOrEqualTo(5);
		assertThat(refused).isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(reason(refused)).isEqualTo("RATE_LIMIT_EXCEEDED");
		assertThat(retryDelay(refused)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(refused.getTrailers().get(RETRY_PUSHBACK)).isEqualTo(Long.toString(retryDelay(refused).toMillis()));
		assertFails(Status.Code.NOT_FOUND, () -> getUser(subject("victim"))).hasReason("USER_NOT_FOUND");

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertFails(Status.Code.NOT_FOUND, () -> getUser(flooder)));
		assertThat(this.meters.get("users.calls.refused")
			.tag("method", "users.v1.UserService/GetUser")
			.tag("reason", "RATE_LIMIT_EXCEEDED")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void callsWithoutASubjectAreNotLimited() {
		for (int i = 0; i < 20; i++) {
			assertThat(HealthGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("liveness").build())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
		}
	}

	private static String subject(String role) {
		return role + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A CreateUsers stream left open: a call in flight until it is cancelled. */
	private void openCreateUsers(String subject) {
		var call = (ClientCallStreamObserver<CreateUsersRequest>) UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(token(subject)))
			.createUsers(new StreamRecorder<CreateUsersRequest, CreateUsersResponse>());
		this.creates.add(call);
	}

	private void watch(String subject) {
		var watch = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(token(subject)))
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watch);
		this.watches.add(watch);
	}

	private Object getUser(String subject) {
		return UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(token(subject)))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
	}

	private StatusRuntimeException refusedGetUser(String subject) {
		try {
			getUser(subject);
		}
		catch (StatusRuntimeException refused) {
			assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			return refused;
		}
		throw new AssertionError("the call of " + subject + " was not refused");
	}

	private String token(String subject) {
		return this.tokens.computeIfAbsent(subject, (name) -> TestJwtIssuer.token().subject(name).sign());
	}

	private static String reason(StatusRuntimeException refused) {
		return detail(refused, ErrorInfo.class).getReason();
	}

	private static Duration retryDelay(StatusRuntimeException refused) {
		com.google.protobuf.Duration delay = detail(refused, RetryInfo.class).getRetryDelay();
		return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
	}

	private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException refused, Class<T> type) {
		for (Any detail : StatusProto.fromThrowable(refused).getDetailsList()) {
			if (detail.is(type)) {
				try {
					return detail.unpack(type);
				}
				catch (com.google.protobuf.InvalidProtocolBufferException ex) {
					throw new AssertionError(ex);
				}
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + refused);
	}

}
