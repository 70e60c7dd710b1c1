package dev.userdirectory.security;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ClientInterceptor;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of token a client may send to a users.v1 method, signed for real and checked by the
 * running service: only a valid one gets through.
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

	private void assertRejectedAsInvalid(String token) {
		assertFails(Code.UNAUTHENTICATED, () -> stub(BearerToken.of(token)).getUser(GET_UNKNOWN_USER))
			.hasReason("INVALID_TOKEN");
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
		assertFails(Code.UNAUTHENTICATED, () -> stub(BearerToken.header("Basic dXNlcjpwYXNz")).getUser(GET_UNKNOWN_USER));
	}

	@Test
	void refusesAMalformedToken() {
		assertRejectedAsInvalid("not.a.jwt");
		assertRejectedAsInvalid("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
	}

	@Test
	void refusesAnExpiredToken() {
		assertRejectedAsInvalid(TestJwtIssuer.token()
			.notBefore(Instant.now().minusSeconds(600))
			.expiresAt(Instant.now().minusSeconds(120))
			.sign());
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
			.sign());
	}

	@Test
	void refusesATokenSignedWithAnUntrustedKey() {
		assertRejectedAsInvalid(TestJwtIssuer.token().signedWith(TestJwtIssuer.generateRsa()).sign());
	}

	@Test
	void refusesATokenFromAnotherIssuer() {
		assertRejectedAsInvalid(TestJwtIssuer.token().issuer("https://evil.example").sign());
	}

	@Test
	void refusesATokenForAnotherAudience() {
		assertRejectedAsInvalid(TestJwtIssuer.token().audience("another-api").sign());
	}

	@Test
	void refusesAnUnsignedToken() {
		assertRejectedAsInvalid(TestJwtIssuer.unsignedToken());
	}

	@Test
	void refusesAnHmacTokenKeyedWithThePublicKey() {
		assertRejectedAsInvalid(TestJwtIssuer.hmacWithPublicKeyToken());
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
