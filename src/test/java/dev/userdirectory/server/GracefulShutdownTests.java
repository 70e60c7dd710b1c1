package dev.userdirectory.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down under load, as on SIGTERM (which closes the context): open streams end
 * with UNAVAILABLE so clients reconnect elsewhere, unary calls either complete or are
 * refused, none fails half-way, and the service stops.
 */
class GracefulShutdownTests {

	@Test
	void streamsEndWithUnavailableAndNoUnaryCallFails() throws Exception {
		ConfigurableApplicationContext service = new SpringApplicationBuilder(UserDirectoryApplication.class).run(
				"--spring.grpc.server.port=0", "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:shutdown-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE,
				"--spring.grpc.server.shutdown.grace-period=10s");
		int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			UserServiceGrpc.UserServiceStub async = UserServiceGrpc.newStub(channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()));
			UserServiceGrpc.UserServiceBlockingStub blocking = UserServiceGrpc.newBlockingStub(channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()));
			String id = blocking
				.createUser(CreateUserRequest.newBuilder().setEmail("shutdown@example.com").setName("S").build())
				.getUser()
				.getId();
			var watch = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
			async.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watch);
			var chat = new StreamRecorder<ChatRequest, ChatResponse>();
			async.chat(chat).onNext(ChatRequest.newBuilder().setRoom("shutdown").build());
			var readiness = new StreamRecorder<HealthCheckRequest, HealthCheckResponse>();
			HealthGrpc.newStub(channel)
				.watch(HealthCheckRequest.newBuilder().setService("readiness").build(), readiness);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> readiness.drain()
					.stream()
					.anyMatch((response) -> response.getStatus() == HealthCheckResponse.ServingStatus.SERVING));

			Map<Status.Code, Integer> unaryOutcomes = new ConcurrentHashMap<>();
			AtomicBoolean loading = new AtomicBoolean(true);
			Thread load = new Thread(() -> {
				while (loading.get()) {
					Status.Code code;
					try {
						blocking.withDeadlineAfter(10, TimeUnit.SECONDS)
							.getUser(GetUserRequest.newBuilder().setId(id).build());
						code = Status.Code.OK;
					}
					catch (StatusRuntimeException ex) {
						code = ex.getStatus().getCode();
					}
					unaryOutcomes.merge(code, 1, Integer::sum);
				}
			});
			load.start();
			Thread.sleep(500);

			long closing = System.nanoTime();
			Thread stopping = new Thread(service::close, "stopping");
			stopping.start();
			// A health watcher hears NOT_SERVING first, and goes elsewhere (it would hold
			// the server open).
			await().atMost(Duration.ofSeconds(10))
				.until(() -> readiness.drain()
					.stream()
					.anyMatch((response) -> response.getStatus() == HealthCheckResponse.ServingStatus.NOT_SERVING));
			readiness.cancel();
			stopping.join(30_000);
			Duration took = Duration.ofNanos(System.nanoTime() - closing);
			loading.set(false);
			load.join(10_000);

			await().atMost(Duration.ofSeconds(10)).until(() -> watch.closedWith() != null && chat.closedWith() != null);
			assertThat(List.of(watch.closedWith().getCode(), chat.closedWith().getCode()))
				.containsOnly(Status.Code.UNAVAILABLE);
			assertThat(unaryOutcomes).containsKey(Status.Code.OK);
			assertThat(unaryOutcomes.keySet()).as("completed or refused, never broken: %s", unaryOutcomes)
				.isSubsetOf(Status.Code.OK, Status.Code.UNAVAILABLE);
			assertThat(took).as("streams did not hold the shutdown to its grace period")
				.isLessThan(Duration.ofSeconds(10));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			service.close();
		}
	}

}
