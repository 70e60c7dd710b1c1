package dev.userdirectory.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of connections that do nothing, connections that stall after the HTTP/2
 * preface, and clients holding many open streams: the service keeps answering a new
 * client promptly, and lets go of the streams when their clients leave.
 */
@OnH2
class ConnectionFloodTests extends AbstractGrpcIntegrationTests {

	private static final int SILENT_SOCKETS = 1000;

	private static final int STALLED_HTTP2_SOCKETS = 200;

	private static final int STREAMING_CLIENTS = 20;

	private static final int WATCHES_PER_CLIENT = 50;

	/**
	 * Far above a healthy answer (milliseconds), far below what a starved server would
	 * need.
	 */
	private static final long PROMPT_SECONDS = 5;

	@Autowired
	private MeterRegistry meters;

	private final List<Socket> sockets = new ArrayList<>();

	private final List<ManagedChannel> floodChannels = new ArrayList<>();

	@AfterEach
	void endTheFlood() throws Exception {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		for (ManagedChannel channel : this.floodChannels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void aNewClientIsServedPromptlyWhileConnectionsAndStreamsFloodTheServer() throws Exception {
		double watchesBefore = this.meters.get("users.watch.active").gauge().value();
		for (int i = 0; i < SILENT_SOCKETS; i++) {
			this.sockets.add(new Socket("127.0.0.1", this.grpcPort));
		}
		for (int i = 0; i < STALLED_HTTP2_SOCKETS; i++) {
			Socket socket = new Socket("127.0.0.1", this.grpcPort);
			OutputStream out = socket.getOutputStream();
			// The client preface, then nothing: not even the SETTINGS frame that must
			// follow.
			out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.sockets.add(socket);
		}
		List<StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>> watches = new ArrayList<>();
		for (int c = 0; c < STREAMING_CLIENTS; c++) {
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
			this.floodChannels.add(channel);
			// A caller of its own per client: one subject's calls in flight are capped
			// (users.fairness).
			UserServiceGrpc.UserServiceStub stub = UserServiceGrpc.newStub(channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject("flood-client-" + c).sign()));
			for (int w = 0; w < WATCHES_PER_CLIENT; w++) {
				var watch = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
				stub.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watch);
				watches.add(watch);
			}
		}
		int flood = STREAMING_CLIENTS * WATCHES_PER_CLIENT;
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.meters.get("users.watch.active").gauge().value() >= watchesBefore + flood);

		ManagedChannel newcomer = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
		try {
			UserServiceGrpc.UserServiceBlockingStub users = UserServiceGrpc.newBlockingStub(newcomer)
				.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()));
			User created = users.withDeadlineAfter(PROMPT_SECONDS, TimeUnit.SECONDS)
				.createUser(CreateUserRequest.newBuilder()
					.setEmail("flood-newcomer@example.com")
					.setName("Newcomer")
					.build())
				.getUser();
			assertThat(users.withDeadlineAfter(PROMPT_SECONDS, TimeUnit.SECONDS)
				.getUser(GetUserRequest.newBuilder().setId(created.getId()).build())
				.getUser()).isEqualTo(created);
			assertThat(HealthGrpc.newBlockingStub(newcomer)
				.withDeadlineAfter(PROMPT_SECONDS, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("readiness").build())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
			// Every flooding watcher still gets the change too.
			for (var watch : watches) {
				assertThat(watch.take(1, Duration.ofSeconds(30)).get(0).getUser().getId()).isEqualTo(created.getId());
			}
		}
		finally {
			newcomer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}

		endTheFlood();
		this.sockets.clear();
		this.floodChannels.clear();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.get("users.watch.active").gauge().value() <= watchesBefore);
	}

}
