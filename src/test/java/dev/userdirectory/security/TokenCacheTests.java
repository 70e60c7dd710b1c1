package dev.userdirectory.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.RSAKey;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.awaitility.Awaitility.await;

/**
 * A reused token is still a checked token: once it expires, or once the key that signed
 * it is rotated out of the issuer's JWK set, the cache does not keep it alive.
 */
@OnH2
@TestPropertySource(properties = { "users.security.clock-skew=0s", "users.security.token-cache.ttl=1s",
		"users.security.jwk-set-cache-ttl=1s" })
class TokenCacheTests extends AbstractGrpcIntegrationTests {

	private static final GetUserRequest GET_UNKNOWN_USER = GetUserRequest.newBuilder()
		.setId(UUID.randomUUID().toString())
		.build();

	@AfterEach
	void restoreTheIssuersKeys() {
		TestJwtIssuer.publishDefaultKeys();
	}

	private void call(String token, Code expected) {
		assertFails(expected,
				() -> UserServiceGrpc.newBlockingStub(this.channel)
					.withInterceptors(BearerToken.of(token))
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.getUser(GET_UNKNOWN_USER));
	}

	@Test
	void aCachedTokenIsRefusedOnceItExpires() {
		String token = TestJwtIssuer.token().expiresAt(Instant.now().plusSeconds(2)).sign();
		call(token, Code.NOT_FOUND);
		call(token, Code.NOT_FOUND);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> call(token, Code.UNAUTHENTICATED));
	}

	@Test
	void aCachedTokenIsRefusedOnceItsKeyIsRotatedOut() {
		RSAKey retiring = TestJwtIssuer.generateRsa();
		TestJwtIssuer.publish(retiring, TestJwtIssuer.RSA_KEY);
		String token = TestJwtIssuer.token().signedWith(retiring).sign();
		call(token, Code.NOT_FOUND);

		TestJwtIssuer.publish(TestJwtIssuer.RSA_KEY);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> call(token, Code.UNAUTHENTICATED));
		call(TestJwtIssuer.validToken(), Code.NOT_FOUND);
	}

}
