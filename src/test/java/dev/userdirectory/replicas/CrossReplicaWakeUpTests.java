package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.PostgresAvailable;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on one PostgreSQL database, polling only every ten
 * minutes: whatever reaches the other replica's streams within seconds was woken by the
 * committing replica's notification, or by the poll the listener makes after losing its
 * connection.
 */
@ExtendWith(PostgresAvailable.class)
class CrossReplicaWakeUpTests {

	/** Far longer than these tests run: no row reaches a stream by a scheduled poll. */
	private static final String POLL_INTERVAL = "10m";

	/** Far shorter than the poll interval, far longer than a wake-up takes. */
	private static final Duration SOON = Duration.ofSeconds(5);

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static TwoReplicas replicas;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	private static ManagedChannel channelA;

	private static ManagedChannel channelB;

	private double watchersOnB;

	@BeforeAll
	static void startTwoReplicas() {
		replicas = TwoReplicas.onPostgres("users_wake_ups", "--users.change-feed.poll-interval=" + POLL_INTERVAL,
				"--users.chat.poll-interval=" + POLL_INTERVAL,
				// Long enough to commit a change while the listener is away.
				"--users.replicas.notify.reconnect-delay=10s");
		replicaA = replicas.replicaA;
		replicaB = replicas.replicaB;
		channelA = replicas.channelA;
		channelB = replicas.channelB;
		// The first call of a fresh service is slow; the tests time later ones.
		create(channelA);
		create(channelB);
	}

	@AfterAll
	static void stopReplicas() throws InterruptedException {
		if (replicas != null) {
			replicas.close();
		}
	}

	@BeforeEach
	void bothListen() {
		awaitListening(replicaA, 1);
		awaitListening(replicaB, 1);
		this.watchersOnB = gauge(replicaB, "users.watch.active");
	}

	@AfterEach
	void streamsReleased() {
		MeterRegistry meters = replicaB.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get("users.watch.active").gauge().value() <= this.watchersOnB);
	}

	@Test
	void aChangeCommittedThroughOneReachesAWatcherOnTheOtherLongBeforeItsPoll() throws Exception {
		var watcher = watchOn(channelB);

		User created = create(channelA);

		assertThat(watcher.take(1, SOON)).extracting((event) -> event.getUser().getId())
			.containsExactly(created.getId());
		assertThat(counter(replicaB, "users.replicas.notifications")).isPositive();
		watcher.cancel();
	}

	@Test
	void aChatMessagePostedThroughOneReachesTheOtherLongBeforeItsPoll() throws Exception {
		String room = "wake-ups-" + UUID.randomUUID();
		var listener = new StreamRecorder<ChatRequest, ChatResponse>();
		double participantsOnB = gauge(replicaB, "users.chat.participants");
		StreamObserver<ChatRequest> listenerSend = async(channelB, "bob").chat(listener);
		listenerSend.onNext(ChatRequest.newBuilder().setRoom(room).build());
		awaitGauge(replicaB, "users.chat.participants", participantsOnB + 1);
		var poster = new StreamRecorder<ChatRequest, ChatResponse>();
		StreamObserver<ChatRequest> posterSend = async(channelA, "alice").chat(poster);

		posterSend.onNext(ChatRequest.newBuilder().setRoom(room).setContent("woken").build());

		assertThat(listener.take(1, SOON).get(0).getMessage().getContent()).isEqualTo("woken");
		listenerSend.onCompleted();
		posterSend.onCompleted();
		awaitGauge(replicaB, "users.chat.participants", participantsOnB);
	}

	@Test
	void changesCommittedWhileTheListenerIsAwayOrAfterItIsBackAreDelivered() throws Exception {
		var watcher = watchOn(channelB);
		double reconnects = counter(replicaB, "users.replicas.listener.reconnects");

		List<Boolean> killed = replicaA.getBean(JdbcTemplate.class)
			.queryForList(
					"select pg_terminate_backend(pid) from pg_stat_activity"
							+ " where application_name = ? and datname = current_database()",
					Boolean.class, ReplicaNotifications.APPLICATION_NAME);
		assertThat(killed).hasSizeGreaterThanOrEqualTo(2).containsOnly(true);
		awaitListening(replicaB, 0);
		User duringGap = create(channelA);
		assertThat(gauge(replicaB, "users.replicas.listener.connected")).isZero();

		assertThat(watcher.take(1, WAIT)).extracting((event) -> event.getUser().getId())
			.containsExactly(duringGap.getId());
		awaitListening(replicaB, 1);
		awaitListening(replicaA, 1);
		User afterwards = create(channelA);
		assertThat(watcher.take(1, SOON)).extracting((event) -> event.getUser().getId())
			.containsExactly(afterwards.getId());
		assertThat(counter(replicaB, "users.replicas.listener.reconnects")).isGreaterThan(reconnects);
		watcher.cancel();
	}

	private StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> watchOn(ManagedChannel channel) {
		var watcher = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		async(channel, "watcher").watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watcher);
		awaitGauge(replicaB, "users.watch.active", this.watchersOnB + 1);
		return watcher;
	}

	private static void awaitListening(ConfigurableApplicationContext replica, double connected) {
		MeterRegistry meters = replica.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get("users.replicas.listener.connected").gauge().value() == connected);
	}

	private static void awaitGauge(ConfigurableApplicationContext replica, String gauge, double value) {
		MeterRegistry meters = replica.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get(gauge).gauge().value() == value);
	}

	private static double gauge(ConfigurableApplicationContext replica, String gauge) {
		return replica.getBean(MeterRegistry.class).get(gauge).gauge().value();
	}

	private static double counter(ConfigurableApplicationContext replica, String counter) {
		return replica.getBean(MeterRegistry.class)
			.get(counter)
			.counters()
			.stream()
			.mapToDouble((each) -> each.count())
			.sum();
	}

	private static UserServiceGrpc.UserServiceStub async(ManagedChannel channel, String subject) {
		return UserServiceGrpc.newStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject(subject).sign()))
			.withDeadlineAfter(60, TimeUnit.SECONDS);
	}

	private static User create(ManagedChannel channel) {
		return UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(20, TimeUnit.SECONDS)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("woken-" + UUID.randomUUID() + "@example.com")
				.setName("Woken")
				.build())
			.getUser();
	}

}
