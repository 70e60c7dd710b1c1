package dev.userdirectory.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.GrpcErrors;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ClientInterceptor;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of token a client may send to a users.v1 method, signed for real and checked
 * by the running service: only a valid one gets through, and a refused one is told why
 * ({@code token_problem}) without its contents being echoed.
 */
@OnH2
class GrpcAuthenticationTests extends AbstractGrpcIntegrationTests {

	private static final GetUserRequest GET_UNKNOWN_USER = GetUserRequest.newBuilder()
		.setId(UUID.randomUUID().toString())
		.build();

	private UserServiceGrpc.UserServiceBlockingStub stub(ClientInterceptor... interceptors) {
		return UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(interceptors)
			.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private void assertAccepted(String token) {
		// NOT_FOUND comes from the service itself: the call got past authentication.
		assertFails(Code.NOT_FOUND, () -> stub(BearerToken.of(token)).getUser(GET_UNKNOWN_USER))
			.hasReason("USER_NOT_FOUND");
	}

	/**
	 * Refused as INVALID_TOKEN for the given problem, without echoing any part of the
	 * token.
	 */
	private GrpcErrors assertRejectedAsInvalid(String token, TokenProblem problem) {
		GrpcErrors error = assertFails(Code.UNAUTHENTICATED,
				() -> stub(BearerToken.of(token)).getUser(GET_UNKNOWN_USER))
			.hasReason("INVALID_TOKEN");
		assertThat(error.errorInfo().getMetadataMap()).containsExactly(Map.entry("token_problem", problem.name()));
		for (String part : token.split("\\.")) {
			if (part.length() > 8) {
				assertThat(error.message()).doesNotContain(part);
				assertThat(error.errorInfo().getMetadataMap().values()).noneMatch((value) -> value.contains(part));
			}
		}
		return error;
	}

	@Test
	void acceptsAValidRs256Token() {
		assertAccepted(TestJwtIssuer.validToken());
	}

	@Test
	void acceptsAValidEs256Token() {
		assertAccepted(TestJwtIssuer.token().signedWith(TestJwtIssuer.EC_KEY).sign());
	}

	@Test
	void refusesACallWithoutAToken() {
		var error = assertFails(Code.UNAUTHENTICATED, () -> stub().getUser(GET_UNKNOWN_USER))
			.hasReason("MISSING_TOKEN");
		assertThat(error.message()).contains("authorization: Bearer");
	}

	@Test
	void refusesAnAuthorizationHeaderThatIsNotABearerToken() {
		assertFails(Code.UNAUTHENTICATED,
				() -> stub(BearerToken.header("Basic dXNlcjpwYXNz")).getUser(GET_UNKNOWN_USER));
	}

	@Test
	void refusesAMalformedToken() {
		assertRejectedAsInvalid("not.a.jwt", TokenProblem.MALFORMED);
		assertRejectedAsInvalid("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", TokenProblem.UNVERIFIED);
	}

	@Test
	void refusesAnExpiredToken() {
		assertRejectedAsInvalid(TestJwtIssuer.token()
			.notBefore(Instant.now().minusSeconds(600))
			.expiresAt(Instant.now().minusSeconds(120))
			.sign(), TokenProblem.EXPIRED);
	}

	@Test
	void toleratesTheConfiguredClockSkewOnExpiry() {
		assertAccepted(TestJwtIssuer.token()
			.notBefore(Instant.now().minusSeconds(600))
			.expiresAt(Instant.now().minusSeconds(5))
			.sign());
	}

	@Test
	void refusesATokenNotYetValid() {
		assertRejectedAsInvalid(TestJwtIssuer.token()
			.notBefore(Instant.now().plusSeconds(120))
			.expiresAt(Instant.now().plusSeconds(600))
			.sign(), TokenProblem.NOT_YET_VALID);
	}

	@Test
	void refusesATokenSignedWithAnUntrustedKey() {
		assertRejectedAsInvalid(TestJwtIssuer.token().signedWith(TestJwtIssuer.generateRsa()).sign(),
				TokenProblem.UNVERIFIED);
	}

	@Test
	void refusesATokenFromAnotherIssuer() {
		assertRejectedAsInvalid(TestJwtIssuer.token().issuer("https://evil.example").sign(), TokenProblem.WRONG_ISSUER);
	}

	@Test
	void refusesATokenForAnotherAudience() {
		assertRejectedAsInvalid(TestJwtIssuer.token().audience("another-api").sign(), TokenProblem.WRONG_AUDIENCE);
	}

	@Test
	void refusesAnUnsignedToken() {
		assertRejectedAsInvalid(TestJwtIssuer.unsignedToken(), TokenProblem.UNVERIFIED);
	}

	@Test
	void refusesAnHmacTokenKeyedWithThePublicKey() {
		assertRejectedAsInvalid(TestJwtIssuer.hmacWithPublicKeyToken(), TokenProblem.UNVERIFIED);
	}

	@Test
	void refusesATokenIssuedInTheFuture() {
		assertRejectedAsInvalid(TestJwtIssuer.token()
			.issuedAt(Instant.now().plusSeconds(3600))
			.notBefore(Instant.now().plusSeconds(3600))
			.expiresAt(Instant.now().plusSeconds(7200))
			.sign(), TokenProblem.NOT_YET_VALID);
	}

	@Test
	void refusesATokenWithoutAnAudience() {
		assertRejectedAsInvalid(TestJwtIssuer.token().without("aud").sign(), TokenProblem.WRONG_AUDIENCE);
	}

	@Test
	void acceptsAnAudienceListThatHoldsOurs() {
		assertAccepted(TestJwtIssuer.token().claim("aud", List.of("another-api", TestJwtIssuer.AUDIENCE)).sign());
	}

	@Test
	void refusesATokenWithoutExpiry() {
		var error = assertRejectedAsInvalid(TestJwtIssuer.token().without("exp").sign(), TokenProblem.MISSING_EXP);
		assertThat(error.message()).contains("exp");
	}

	@Test
	void acceptsATokenLongBeforeItExpires() {
		// No maximum lifetime is configured by default: a month-long token is only
		// refused once expired.
		assertAccepted(TestJwtIssuer.token().expiresAt(Instant.now().plus(Duration.ofDays(30))).sign());
	}

	@Test
	void refusesATokenWithoutASubject() {
		var error = assertRejectedAsInvalid(TestJwtIssuer.token().without("sub").sign(), TokenProblem.MISSING_SUB);
		assertThat(error.message()).contains("sub");
	}

	@Test
	void refusesATokenWithAnEmptyOrBlankSubject() {
		assertRejectedAsInvalid(TestJwtIssuer.token().subject("").sign(), TokenProblem.MISSING_SUB);
		assertRejectedAsInvalid(TestJwtIssuer.token().subject("   ").sign(), TokenProblem.MISSING_SUB);
	}

	@Test
	void acceptsAnySubjectThatIsNotEmpty() {
		assertAccepted(TestJwtIssuer.token().subject("a").sign());
		assertAccepted(TestJwtIssuer.token().subject("service-account:billing@example.com").sign());
	}

	@Test
	void namesTheFirstProblemOfATokenWithSeveral() {
		var error = assertRejectedAsInvalid(TestJwtIssuer.token().without("exp").without("sub").sign(),
				TokenProblem.MISSING_EXP);
		assertThat(error.message()).doesNotContain("test-user");
	}

	@Test
	void acceptsScopesGivenAsAList() {
		assertAccepted(TestJwtIssuer.token().claim("scope", List.of("users.read")).sign());
	}

	@Test
	void acceptsScopesInTheScpClaim() {
		assertAccepted(TestJwtIssuer.token().without("scope").claim("scp", List.of("users.read")).sign());
		assertAccepted(TestJwtIssuer.token().without("scope").claim("scp", "users.read chat").sign());
	}

	@Test
	void refusesAValidTokenWithoutTheScope() {
		var error = assertFails(Code.PERMISSION_DENIED,
				() -> stub(BearerToken.of(TestJwtIssuer.token().scopes("users.write", "chat").sign()))
					.getUser(GET_UNKNOWN_USER))
			.hasReason("MISSING_SCOPE");
		assertThat(error.errorInfo().getMetadataMap()).containsEntry("required_scope", "users.read");
	}

}
