package dev.userdirectory.observability;

import java.util.UUID;
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

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One access-log line per call, with what an on-call engineer needs and never the token.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
class AccessLogTests extends AbstractGrpcIntegrationTests {

	@Test
	void logsMethodStatusDurationPeerAndSubjectButNotTheToken(CapturedOutput output) {
		String token = TestJwtIssuer.token().subject("logged-user").sign();
		GetUserRequest request = GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> UserServiceGrpc.newBlockingStub(this.channel)
				.withInterceptors(BearerToken.of(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.getUser(request));

		await().untilAsserted(() -> assertThat(output.getOut())
			.containsPattern("method=users.v1.UserService/GetUser status=NOT_FOUND duration_ms=[0-9.]+ "
					+ "peer=/127.0.0.1:[0-9]+ subject=logged-user"));
		assertThat(output.getAll()).doesNotContain(token);
	}

	@Test
	void logsCallsRefusedBySecurityToo(CapturedOutput output) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> UserServiceGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

		await().untilAsserted(() -> assertThat(output.getOut())
			.containsPattern("method=users.v1.UserService/GetUser status=UNAUTHENTICATED .* subject=-"));
	}

}
