package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.TextEdit;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.PostgresAvailable;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on one PostgreSQL database, as the Helm chart runs
 * replicas: whatever is done through one is seen through the other.
 */
@ExtendWith(PostgresAvailable.class)
class TwoReplicaTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static TwoReplicas replicas;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	private static ManagedChannel channelA;

	private static ManagedChannel channelB;

	@BeforeAll
	static void startTwoReplicas() {
		replicas = TwoReplicas.onPostgres("users_replicas");
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

	/**
	 * Waits until {@code replica} has registered one more stream of the kind
	 * {@code gauge} counts.
	 */
	private static void awaitRegistered(ConfigurableApplicationContext replica, String gauge, double before) {
		MeterRegistry meters = replica.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get(gauge).gauge().value() >= before + 1);
	}

	/** Waits until {@code replica} has let go of the streams a test opened on it. */
	private static void awaitReleased(ConfigurableApplicationContext replica, String gauge, double baseline) {
		MeterRegistry meters = replica.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get(gauge).gauge().value() <= baseline);
	}

	private static double gauge(ConfigurableApplicationContext replica, String gauge) {
		return replica.getBean(MeterRegistry.class).get(gauge).gauge().value();
	}

	private static UserServiceGrpc.UserServiceBlockingStub blocking(ManagedChannel channel) {
		return UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	private static UserServiceGrpc.UserServiceStub async(ManagedChannel channel, String subject) {
		return UserServiceGrpc.newStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject(subject).sign()))
			.withDeadlineAfter(60, TimeUnit.SECONDS);
	}

	private static User create(ManagedChannel channel, String bio) {
		return blocking(channel)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("replica-" + UUID.randomUUID() + "@example.com")
				.setName("Replicated")
				.setProfile(Profile.newBuilder().setBio(bio))
				.build())
			.getUser();
	}

	@Test
	void aUserCreatedThroughOneIsReadThroughTheOther() {
		User created = create(channelA, "");
		assertThat(blocking(channelB).getUser(GetUserRequest.newBuilder().setId(created.getId()).build()).getUser())
			.isEqualTo(created);
	}

	@Test
	void aChangeThroughOneIsReadThroughTheOtherWithinAChangeFeedPoll() {
		User created = create(channelA, "before");
		GetUserRequest get = GetUserRequest.newBuilder().setId(created.getId()).build();
		// Read on B first, so B holds the user in its read cache.
		assertThat(blocking(channelB).getUser(get).getUser()).isEqualTo(created);

		User updated = blocking(channelA)
			.updateUser(UpdateUserRequest.newBuilder()
				.setUser(created.toBuilder().setName("Renamed"))
				.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
				.build())
			.getUser();
		await().atMost(Duration.ofSeconds(5)).until(() -> blocking(channelB).getUser(get).getUser().equals(updated));

		blocking(channelA).deleteUser(DeleteUserRequest.newBuilder().setId(created.getId()).build());
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			try {
				blocking(channelB).getUser(get);
				return false;
			}
			catch (StatusRuntimeException ex) {
				return ex.getStatus().getCode() == Status.Code.NOT_FOUND;
			}
		});
	}

	@Test
	void aWatcherOnOneSeesChangesMadeThroughEither() throws Exception {
		var watcher = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		double watchersOnB = gauge(replicaB, "users.watch.active");
		async(channelB, "watcher").watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watcher);
		awaitRegistered(replicaB, "users.watch.active", watchersOnB);

		User viaA = create(channelA, "");
		User viaB = create(channelB, "");

		List<String> seen = watcher.take(2, WAIT).stream().map((e) -> e.getUser().getId()).toList();
		assertThat(seen).containsExactly(viaA.getId(), viaB.getId());
		watcher.cancel();
		awaitReleased(replicaB, "users.watch.active", watchersOnB);
	}

	@Test
	void aWatcherResumesOnTheOtherReplicaWithoutLosingAChange() throws Exception {
		var first = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		double watchersOnA = gauge(replicaA, "users.watch.active");
		double watchersOnB = gauge(replicaB, "users.watch.active");
		async(channelA, "watcher").watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), first);
		awaitRegistered(replicaA, "users.watch.active", watchersOnA);
		User one = create(channelA, "");
		String token = first.take(1, WAIT).get(0).getResumeToken();
		first.cancel();
		awaitReleased(replicaA, "users.watch.active", watchersOnA);

		User two = create(channelA, "");
		User three = create(channelB, "");
		var resumed = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		async(channelB, "watcher").watchUserChanges(WatchUserChangesRequest.newBuilder().setResumeToken(token).build(),
				resumed);

		assertThat(resumed.take(2, WAIT)).extracting((e) -> e.getUser().getId())
			.containsExactly(two.getId(), three.getId());
		assertThat(one.getId()).isNotEqualTo(two.getId());
		resumed.cancel();
		awaitReleased(replicaB, "users.watch.active", watchersOnB);
	}

	@Test
	void aChatMessagePostedThroughOneReachesParticipantsOnTheOther() throws Exception {
		String room = "replicas-" + UUID.randomUUID();
		var listener = new StreamRecorder<ChatRequest, ChatResponse>();
		double participantsOnB = gauge(replicaB, "users.chat.participants");
		StreamObserver<ChatRequest> listenerSend = async(channelB, "bob").chat(listener);
		listenerSend.onNext(ChatRequest.newBuilder().setRoom(room).build());
		awaitRegistered(replicaB, "users.chat.participants", participantsOnB);
		var poster = new StreamRecorder<ChatRequest, ChatResponse>();
		StreamObserver<ChatRequest> posterSend = async(channelA, "alice").chat(poster);
		posterSend.onNext(ChatRequest.newBuilder().setRoom(room).build());

		posterSend.onNext(ChatRequest.newBuilder().setRoom(room).setContent("across replicas").build());

		ChatResponse heard = listener.take(1, WAIT).get(0);
		assertThat(heard.getMessage().getContent()).isEqualTo("across replicas");
		assertThat(heard.getMessage().getUserId()).isEqualTo("alice");
		listenerSend.onCompleted();
		posterSend.onCompleted();
		awaitReleased(replicaB, "users.chat.participants", participantsOnB);
	}

	@Test
	void concurrentEditsThroughBothConverge() throws Exception {
		User user = create(channelA, "shared text");
		var editorA = new StreamRecorder<CollaborativeEditRequest, CollaborativeEditResponse>();
		StreamObserver<CollaborativeEditRequest> sendA = async(channelA, "ann").collaborativeEdit(editorA);
		var editorB = new StreamRecorder<CollaborativeEditRequest, CollaborativeEditResponse>();
		StreamObserver<CollaborativeEditRequest> sendB = async(channelB, "ben").collaborativeEdit(editorB);
		for (StreamObserver<CollaborativeEditRequest> send : List.of(sendA, sendB)) {
			send.onNext(CollaborativeEditRequest.newBuilder()
				.setJoin(JoinEdit.newBuilder().setUserId(user.getId()))
				.build());
		}
		editorA.take(1, WAIT);
		editorB.take(1, WAIT);

		sendA.onNext(edit(0, 0, 6, "common"));
		sendB.onNext(edit(0, 11, 0, "!"));

		List<CollaborativeEditResponse> seenByA = editorA.take(2, WAIT);
		List<CollaborativeEditResponse> seenByB = editorB.take(2, WAIT);
		assertThat(seenByB).isEqualTo(seenByA);
		String bio = blocking(channelB).getUser(GetUserRequest.newBuilder().setId(user.getId()).build())
			.getUser()
			.getProfile()
			.getBio();
		assertThat(bio).isEqualTo("common text!");
		sendA.onCompleted();
		sendB.onCompleted();
	}

	private static CollaborativeEditRequest edit(long base, int position, int delete, String insert) {
		return CollaborativeEditRequest.newBuilder()
			.setEdit(TextEdit.newBuilder()
				.setBaseVersion(base)
				.setPosition(position)
				.setDeleteCount(delete)
				.setInsertText(insert))
			.build();
	}

}
