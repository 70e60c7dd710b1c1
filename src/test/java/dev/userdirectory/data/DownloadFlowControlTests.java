package dev.userdirectory.data;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A download read slowly makes the server wait instead of reading the blob ahead; one
 * cancelled, or cut by its deadline, stops reading at once. Progress is the service's
 * users.data.chunks.read.
 */
@OnH2
class DownloadFlowControlTests extends AbstractGrpcIntegrationTests {

	private static final int CHUNKS = 48;

	@Autowired
	private MeterRegistry meters;

	private ManagedChannel smallWindow;

	private String userId;

	@BeforeEach
	void uploadThreeMegabytes() throws Throwable {
		this.userId = this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("dl-" + UUID.randomUUID() + "@example.com")
				.setName("D")
				.build())
			.getUser()
			.getId();
		byte[] bytes = new byte[CHUNKS * 64 * 1024];
		new Random(1).nextBytes(bytes);
		UserServiceGrpc.UserServiceStub stub = UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS);
		ClientStreams.<UploadUserDataRequest, UploadUserDataResponse>send(stub::uploadUserData,
				List.of(UploadUserDataRequest.newBuilder()
					.setMetadata(UploadUserDataMetadata.newBuilder().setUserId(this.userId))
					.build(), UploadUserDataRequest.newBuilder().setChunk(ByteString.copyFrom(bytes)).build())
					.iterator(),
				60);
		// A fixed 64 KiB window (no auto-tuning), so the transport cannot absorb the blob
		// either.
		this.smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort)
			.usePlaintext()
			.flowControlWindow(64 * 1024)
			.build();
	}

	@AfterEach
	void closeSmallWindow() {
		this.smallWindow.shutdownNow();
	}

	private double chunksRead() {
		return this.meters.get("users.data.chunks.read").counter().count();
	}

	private StreamRecorder<DownloadUserDataRequest, DownloadUserDataResponse> stalledDownload(long deadlineMillis) {
		var recorder = new StreamRecorder<DownloadUserDataRequest, DownloadUserDataResponse>(1);
		UserServiceGrpc.newStub(this.smallWindow)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
			.downloadUserData(DownloadUserDataRequest.newBuilder().setUserId(this.userId).build(), recorder);
		return recorder;
	}

	@Test
	void aSlowReaderHoldsTheServerBackAndACancelStopsIt() throws Exception {
		double before = chunksRead();
		var download = stalledDownload(60_000);
		download.take(1, Duration.ofSeconds(10));
		Thread.sleep(1000);
		double whileStalled = chunksRead() - before;
		assertThat(whileStalled).as("chunks read while the client holds one message").isLessThan(CHUNKS / 2.0);

		download.cancel();
		Thread.sleep(500);

		assertThat(chunksRead() - before).as("nothing read after the cancel").isEqualTo(whileStalled);
	}

	@Test
	void aDeadlineCutsAStalledDownloadAndStopsTheReading() throws Exception {
		double before = chunksRead();
		var download = stalledDownload(1500);

		download.take(1, Duration.ofSeconds(10));
		Thread.sleep(2500);
		// Reading again now only drains what was in flight before the deadline.
		download.request(Integer.MAX_VALUE);
		await().atMost(Duration.ofSeconds(15)).until(() -> download.closedWith() != null);
		assertThat(download.closedWith().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		double atTheEnd = chunksRead() - before;
		Thread.sleep(500);
		assertThat(chunksRead() - before).isEqualTo(atTheEnd).isLessThan(CHUNKS);
	}

}
