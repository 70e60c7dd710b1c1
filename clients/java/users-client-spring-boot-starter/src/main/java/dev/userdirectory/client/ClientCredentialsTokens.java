package dev.userdirectory.client;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Access tokens by the client-credentials grant, fetched once and reused until
 * {@code refreshBeforeExpiry} before they expire. Spring Security's authorized-client
 * manager does the caching (in the {@link OAuth2AuthorizedClientService}) and the refresh
 * decision; Spring gRPC's own token supplier would ask the provider on every call.
 */
final class ClientCredentialsTokens implements Supplier<String> {

	/** Client-credentials tokens belong to the application, not to a user. */
	private static final String PRINCIPAL = "users-client";

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	private final String registrationId;

	private final Duration refreshBeforeExpiry;

	private final Clock clock;

	/**
	 * Read without a lock on every call; only a refresh takes one, so the provider is
	 * asked once.
	 */
	private volatile OAuth2AccessToken current;

	ClientCredentialsTokens(ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients,
			String registrationId, Duration refreshBeforeExpiry, Clock clock) {
		ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
		provider.setClockSkew(refreshBeforeExpiry);
		provider.setClock(clock);
		this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
		this.manager.setAuthorizedClientProvider(provider);
		this.registrationId = registrationId;
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		this.clock = clock;
	}

	/**
	 * The tokens of {@code oauth2}'s registration, from the application's OAuth2 client
	 * beans.
	 */
	static ClientCredentialsTokens from(BeanFactory beans, UsersClientProperties.OAuth2 oauth2, Clock clock) {
		return new ClientCredentialsTokens(beans.getBean(ClientRegistrationRepository.class),
				beans.getBean(OAuth2AuthorizedClientService.class), oauth2.registrationId(),
				oauth2.refreshBeforeExpiry(), clock);
	}

	@Override
	public String get() {
		OAuth2AccessToken token = this.current;
		if (token == null || !isFresh(token)) {
			synchronized (this) {
				token = authorize();
				this.current = token;
			}
		}
		return token.getTokenValue();
	}

	private boolean isFresh(OAuth2AccessToken token) {
		return token.getExpiresAt() == null
				|| this.clock.instant().plus(this.refreshBeforeExpiry).isBefore(token.getExpiresAt());
	}

	private OAuth2AccessToken authorize() {
		OAuth2AuthorizedClient client = this.manager.authorize(
				OAuth2AuthorizeRequest.withClientRegistrationId(this.registrationId).principal(PRINCIPAL).build());
		if (client == null) {
			throw new IllegalStateException("no token for client registration '" + this.registrationId + "'");
		}
		return client.getAccessToken();
	}

}
