package dev.userdirectory.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Call handlers run on the service's bounded call pool, not grpc-java's unbounded
 * default.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
class GrpcCallExecutorTests extends AbstractGrpcIntegrationTests {

	@Autowired
	ForkJoinPool grpcCallPool;

	@Test
	void handlersRunOnTheCallPool(CapturedOutput output) {
		String subject = "executor-" + UUID.randomUUID().toString().substring(0, 8);
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> UserServiceGrpc.newBlockingStub(this.channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject(subject).sign()))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

		// The access log is written by the thread that closes the call: the handler's.
		await().untilAsserted(
				() -> assertThat(output.getOut().lines().filter((line) -> line.contains("subject=" + subject)).toList())
					.singleElement()
					.asString()
					.containsPattern("\\[ *grpc-call-[0-9]+\\]"));
	}

	@Test
	void callThreadsAreNumberedApartSoThreadDumpsAndLogsTellThemApart() throws Exception {
		CyclicBarrier together = new CyclicBarrier(3);
		List<Future<String>> names = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			names.add(this.grpcCallPool.submit(() -> {
				together.await(10, TimeUnit.SECONDS);
				return Thread.currentThread().getName();
			}));
		}

		Set<String> distinct = new HashSet<>();
		for (Future<String> name : names) {
			distinct.add(name.get(20, TimeUnit.SECONDS));
		}
		assertThat(distinct).hasSize(3).allMatch((name) -> name.matches("grpc-call-[0-9]+"));
	}

}
