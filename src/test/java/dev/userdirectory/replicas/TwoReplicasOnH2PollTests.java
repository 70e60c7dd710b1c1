package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The H2 counterpart of {@link CrossReplicaWakeUpTests}: two instances of the service on
 * one H2 database (in memory, shared within this JVM). H2 has nothing to notify with, so
 * nothing is announced or listened for, writes do not fail for it, and a change made
 * through one still reaches a watcher on the other, by polling.
 */
class TwoReplicasOnH2PollTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static TwoReplicas replicas;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	private static ManagedChannel channelA;

	private static ManagedChannel channelB;

	@BeforeAll
	static void startTwoReplicas() {
		replicas = TwoReplicas.onH2();
		replicaA = replicas.replicaA;
		replicaB = replicas.replicaB;
		channelA = replicas.channelA;
		channelB = replicas.channelB;
	}

	@AfterAll
	static void stopReplicas() throws InterruptedException {
		if (replicas != null) {
			replicas.close();
		}
	}

	@Test
	void aChangeThroughOneReachesAWatcherOnTheOtherByPolling() throws Exception {
		MeterRegistry metersB = replicaB.getBean(MeterRegistry.class);
		var watcher = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		UserServiceGrpc.newStub(channelB)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watcher);
		await().atMost(WAIT).until(() -> metersB.get("users.watch.active").gauge().value() == 1);

		User created = UserServiceGrpc.newBlockingStub(channelA)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(20, TimeUnit.SECONDS)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("polled-" + UUID.randomUUID() + "@example.com")
				.setName("Polled")
				.build())
			.getUser();

		assertThat(watcher.take(1, WAIT)).extracting((event) -> event.getUser().getId())
			.containsExactly(created.getId());
		for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { replicaA, replicaB }) {
			assertThat(replica.getBean(ReplicaNotifications.class).active()).isFalse();
			MeterRegistry meters = replica.getBean(MeterRegistry.class);
			assertThat(meters.get("users.replicas.listener.connected").gauge().value()).isZero();
			assertThat(meters.get("users.replicas.notifications").counters()).allMatch((c) -> c.count() == 0);
		}
		watcher.cancel();
	}

}
