package dev.userdirectory.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.userdirectory.support.TestAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-credentials tokens from a real authorization server: asked for once, reused, and
 * replaced only when the one held is about to expire (the server issues them for 5
 * minutes).
 */
class ClientCredentialsTokensTests {

	private static TestAuthorizationServer authorizationServer;

	private final MutableClock clock = new MutableClock(Instant.now());

	@BeforeAll
	static void start() {
		authorizationServer = new TestAuthorizationServer();
	}

	@AfterAll
	static void stop() {
		authorizationServer.close();
	}

	@Test
	void asksTheProviderOnceForManyCalls() {
		ClientCredentialsTokens tokens = tokens(Duration.ofSeconds(60));
		int before = authorizationServer.tokenRequests();

		String first = tokens.get();
		for (int call = 0; call < 20; call++) {
			assertThat(tokens.get()).isEqualTo(first);
		}

		assertThat(authorizationServer.tokenRequests() - before).isEqualTo(1);
	}

	@Test
	void replacesTheTokenShortlyBeforeItExpires() {
		ClientCredentialsTokens tokens = tokens(Duration.ofSeconds(60));
		int before = authorizationServer.tokenRequests();
		String first = tokens.get();

		this.clock.advance(Duration.ofMinutes(3));
		assertThat(tokens.get()).as("two minutes before expiry").isEqualTo(first);
		this.clock.advance(Duration.ofSeconds(90));
		String second = tokens.get();

		assertThat(second).as("30 s before expiry, inside the 60 s margin").isNotEqualTo(first);
		assertThat(authorizationServer.tokenRequests() - before).isEqualTo(2);
	}

	private ClientCredentialsTokens tokens(Duration refreshBeforeExpiry) {
		ClientRegistration registration = ClientRegistration.withRegistrationId("users")
			.clientId(TestAuthorizationServer.CLIENT_ID)
			.clientSecret(authorizationServer.clientSecret)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(authorizationServer.tokenUri())
			.scope("users.read", "users.write")
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		return new ClientCredentialsTokens(registrations, new InMemoryOAuth2AuthorizedClientService(registrations),
				"users", refreshBeforeExpiry, this.clock);
	}

	/** Time that a test moves forward, so expiry is tested without waiting for it. */
	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
