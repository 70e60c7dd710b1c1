package dev.userdirectory.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.GrpcErrors;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With users.security.max-token-lifetime set, a token issued for longer (exp − iat) is
 * refused even while it is valid, so a leaked token cannot outlive the limit; tokens
 * within it pass.
 */
@OnH2
@TestPropertySource(properties = "users.security.max-token-lifetime=1h")
class MaxTokenLifetimeTests extends AbstractGrpcIntegrationTests {

	private static final GetUserRequest GET_UNKNOWN_USER = GetUserRequest.newBuilder()
		.setId(UUID.randomUUID().toString())
		.build();

	private GrpcErrors call(String token, Code expected) {
		return assertFails(expected,
				() -> UserServiceGrpc.newBlockingStub(this.channel)
					.withInterceptors(BearerToken.of(token))
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.getUser(GET_UNKNOWN_USER));
	}

	private static String issuedFor(Duration lifetime) {
		Instant issuedAt = Instant.now().minusSeconds(5);
		return TestJwtIssuer.token().issuedAt(issuedAt).expiresAt(issuedAt.plus(lifetime)).sign();
	}

	@Test
	void acceptsATokenIssuedForLessThanTheMaximum() {
		call(issuedFor(Duration.ofMinutes(10)), Code.NOT_FOUND).hasReason("USER_NOT_FOUND");
	}

	@Test
	void acceptsATokenIssuedForExactlyTheMaximum() {
		call(issuedFor(Duration.ofHours(1)), Code.NOT_FOUND).hasReason("USER_NOT_FOUND");
	}

	@Test
	void refusesATokenIssuedForLongerThanTheMaximum() {
		GrpcErrors error = call(issuedFor(Duration.ofHours(1).plusSeconds(1)), Code.UNAUTHENTICATED)
			.hasReason("INVALID_TOKEN");
		assertThat(error.errorInfo().getMetadataMap()).containsEntry("token_problem", "LIFETIME_TOO_LONG");
		assertThat(error.message()).contains("3601 s").contains("3600 s");
	}

	@Test
	void refusesATokenWithoutIssuedAtWhoseLifetimeCannotBeKnown() {
		GrpcErrors error = call(TestJwtIssuer.token().without("iat").sign(), Code.UNAUTHENTICATED)
			.hasReason("INVALID_TOKEN");
		assertThat(error.errorInfo().getMetadataMap()).containsEntry("token_problem", "MISSING_IAT");
	}

}
