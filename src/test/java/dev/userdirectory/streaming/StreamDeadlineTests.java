package dev.userdirectory.streaming;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deadline that expires mid-stream ends each kind of stream with DEADLINE_EXCEEDED, and
 * the server lets go of it: open-stream gauges return, and client streams store nothing.
 */
@OnH2
class StreamDeadlineTests extends AbstractGrpcIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	private MeterRegistry meters;

	private UserServiceGrpc.UserServiceStub expiringIn(long millis) {
		return UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private String newUser() {
		return this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("dl-" + UUID.randomUUID() + "@example.com")
				.setName("Deadline")
				.build())
			.getUser()
			.getId();
	}

	private static void assertEndsWithDeadlineExceeded(StreamRecorder<?, ?> recorder) {
		await().atMost(WAIT).until(() -> recorder.closedWith() != null);
		assertThat(recorder.closedWith().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	@Test
	void aWatchEndsAtItsDeadlineAndIsReleased() {
		double before = gauge("users.watch.active");
		var watch = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		expiringIn(1500).watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watch);
		await().atMost(WAIT).until(() -> gauge("users.watch.active") == before + 1);

		assertEndsWithDeadlineExceeded(watch);
		await().atMost(WAIT).until(() -> gauge("users.watch.active") == before);
	}

	@Test
	void aChatParticipantEndsAtItsDeadlineAndIsReleased() {
		double before = gauge("users.chat.participants");
		var chat = new StreamRecorder<ChatRequest, ChatResponse>();
		expiringIn(1500).chat(chat).onNext(ChatRequest.newBuilder().setRoom("deadline").build());
		await().atMost(WAIT).until(() -> gauge("users.chat.participants") == before + 1);

		assertEndsWithDeadlineExceeded(chat);
		await().atMost(WAIT).until(() -> gauge("users.chat.participants") == before);
	}

	@Test
	void anEditorEndsAtItsDeadlineAndIsReleased() {
		String id = newUser();
		double before = gauge("users.edit.participants");
		var editor = new StreamRecorder<CollaborativeEditRequest, CollaborativeEditResponse>();
		expiringIn(1500).collaborativeEdit(editor)
			.onNext(CollaborativeEditRequest.newBuilder().setJoin(JoinEdit.newBuilder().setUserId(id)).build());
		await().atMost(WAIT).until(() -> gauge("users.edit.participants") == before + 1);

		assertEndsWithDeadlineExceeded(editor);
		await().atMost(WAIT).until(() -> gauge("users.edit.participants") == before);
	}

	@Test
	void aBulkCreateCutByItsDeadlineStoresNothing() throws Exception {
		String prefix = "dl-bulk-" + UUID.randomUUID();
		var result = new StreamRecorder<CreateUsersRequest, CreateUsersResponse>();
		StreamObserver<CreateUsersRequest> items = expiringIn(1000).createUsers(result);
		for (int i = 0; i < 10; i++) {
			items.onNext(CreateUsersRequest.newBuilder()
				.setUser(CreateUserRequest.newBuilder().setEmail(prefix + "-" + i + "@example.com").setName("D"))
				.build());
		}

		assertEndsWithDeadlineExceeded(result);
		Thread.sleep(300);
		assertThat(
				this.jdbc.queryForObject("select count(*) from users where email like ?", Integer.class, prefix + "%"))
			.isZero();
	}

	@Test
	void anUploadCutByItsDeadlineStoresNothing() throws Exception {
		String id = newUser();
		var result = new StreamRecorder<UploadUserDataRequest, UploadUserDataResponse>();
		StreamObserver<UploadUserDataRequest> upload = expiringIn(1000).uploadUserData(result);
		upload.onNext(UploadUserDataRequest.newBuilder()
			.setMetadata(UploadUserDataMetadata.newBuilder().setUserId(id))
			.build());
		upload.onNext(UploadUserDataRequest.newBuilder().setChunk(ByteString.copyFrom(new byte[200_000])).build());

		assertEndsWithDeadlineExceeded(result);
		Thread.sleep(300);
		assertThat(this.jdbc.queryForObject("select count(*) from user_data where user_id = ?", Integer.class,
				UUID.fromString(id)))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from blob_chunks where blob_id not in (select blob_id from user_data)", Integer.class))
			.as("the staged chunks were discarded")
			.isZero();
	}

}
