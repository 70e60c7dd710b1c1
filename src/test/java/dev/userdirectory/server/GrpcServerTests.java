package dev.userdirectory.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What tools and orchestrators rely on besides users.v1: health and reflection. */
@OnH2
class GrpcServerTests extends AbstractGrpcIntegrationTests {

	@Test
	void healthCheckAnswersServingForTheServerAndItsProbes() {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(this.channel);

		// Health is sampled from actuator every second; readiness starts out refusing
		// traffic.
		for (String service : List.of("", "liveness", "readiness", "users.v1.UserService")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(health.withDeadlineAfter(5, TimeUnit.SECONDS)
					.check(HealthCheckRequest.newBuilder().setService(service).build())
					.getStatus()).as("health of '%s'", service).isEqualTo(ServingStatus.SERVING));
		}
	}

	@Test
	void healthWatchStreamsTheStatus() throws Exception {
		var statuses = new java.util.concurrent.LinkedBlockingQueue<ServingStatus>();
		HealthGrpc.newStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.watch(HealthCheckRequest.newBuilder().setService("readiness").build(), new StreamObserver<>() {
				@Override
				public void onNext(io.grpc.health.v1.HealthCheckResponse value) {
					statuses.add(value.getStatus());
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			});
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses.contains(ServingStatus.SERVING));
	}

	@Test
	void healthCheckOfAnUnknownServiceAnswersNotFound() {
		StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
				() -> HealthGrpc.newBlockingStub(this.channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void reflectionListsTheUserService() throws Exception {
		var responses = new java.util.concurrent.LinkedBlockingQueue<ServerReflectionResponse>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(this.channel)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(ServerReflectionResponse value) {
					responses.add(value);
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		ServerReflectionResponse response = responses.poll(10, TimeUnit.SECONDS);
		requests.onCompleted();

		assertThat(response).isNotNull();
		assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
			.contains("users.v1.UserService", "grpc.health.v1.Health");
	}

}
