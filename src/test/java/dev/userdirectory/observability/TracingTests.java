package dev.userdirectory.observability;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A W3C traceparent sent by a client is continued: its trace id is on the calls' log
 * lines.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
class TracingTests extends AbstractGrpcIntegrationTests {

	@Test
	void theCallersTraceIdAppearsOnTheAccessLogOfFailedAndSuccessfulCalls(CapturedOutput output) {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
				"00-" + traceId + "-00f067aa0ba902b7-01");
		UserServiceGrpc.UserServiceBlockingStub traced = UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()),
					MetadataUtils.newAttachHeadersInterceptor(headers))
			.withDeadlineAfter(10, TimeUnit.SECONDS);

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> traced.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		traced.createUser(
				CreateUserRequest.newBuilder().setEmail("traced-" + traceId + "@example.com").setName("T").build());

		// One line with the trace id and the call, in whichever order the log format puts
		// them.
		await().untilAsserted(() -> assertThat(output.getOut())
			.containsPattern("(?m)^(?=.*" + traceId + ")(?=.*users.v1.UserService/GetUser)(?=.*NOT_FOUND).*$")
			.containsPattern("(?m)^(?=.*" + traceId + ")(?=.*users.v1.UserService/CreateUser)(?=.*OK).*$"));
	}

}
