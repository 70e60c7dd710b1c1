package dev.userdirectory.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the token issuer cannot be reached, calls fail with UNAVAILABLE (retry later),
 * never INTERNAL, whichever way the service was told where its keys are.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreachableIssuerTests {

	@Test
	void anIssuerWhoseDiscoveryCannotBeReachedMakesCallsUnavailable(CapturedOutput output) throws Exception {
		assertCallsUnavailable("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + unreachable());
		assertThat(output).doesNotContain("Unexpected failure");
	}

	@Test
	void aJwkSetThatCannotBeReachedMakesCallsUnavailable(CapturedOutput output) throws Exception {
		assertCallsUnavailable("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + unreachable() + "/jwks");
		assertThat(output).doesNotContain("Unexpected failure");
	}

	/** A local port nothing listens on: connections are refused at once. */
	private static String unreachable() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

	private static void assertCallsUnavailable(String keySource) throws InterruptedException {
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(UserDirectoryApplication.class).run(
				"--spring.grpc.server.port=0", "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:unreachable-issuer;DB_CLOSE_DELAY=-1",
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE, keySource)) {
			int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				UserServiceGrpc.UserServiceBlockingStub users = UserServiceGrpc.newBlockingStub(channel)
					.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
					.withDeadlineAfter(30, TimeUnit.SECONDS);
				GetUserRequest request = GetUserRequest.newBuilder()
					.setId(java.util.UUID.randomUUID().toString())
					.build();
				assertFails(Code.UNAVAILABLE, () -> users.getUser(request)).hasReason("TOKEN_VALIDATION_UNAVAILABLE");
				// Still so on the next call: nothing was cached from the failed attempt.
				assertFails(Code.UNAVAILABLE, () -> users.getUser(request)).hasReason("TOKEN_VALIDATION_UNAVAILABLE");
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

}
