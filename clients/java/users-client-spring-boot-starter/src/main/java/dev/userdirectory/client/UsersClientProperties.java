package dev.userdirectory.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@link UsersClient} authenticates and keeps a watch alive. Everything about the
 * connection itself (target, deadline, retries, hedging, keepalive, TLS) is Spring gRPC's
 * {@code spring.grpc.client.channel.users.*}.
 *
 * @param token a static bearer token sent on every call; leave empty to use
 * {@code oauth2}
 * @param oauth2 client credentials from an OAuth2 provider, used when {@code token} is
 * empty
 * @param watch how {@link UsersClient#watch} re-opens its stream
 */
@ConfigurationProperties("users.client")
public record UsersClientProperties(String token, @DefaultValue OAuth2 oauth2, @DefaultValue Watch watch) {

	public boolean hasStaticToken() {
		return this.token != null && !this.token.isBlank();
	}

	/**
	 * @param registrationId the {@code spring.security.oauth2.client.registration.<id>}
	 * to use (grant type {@code client_credentials})
	 * @param refreshBeforeExpiry a cached token is replaced this long before it expires,
	 * so no call carries a token that expires in flight
	 */
	public record OAuth2(String registrationId, @DefaultValue("60s") Duration refreshBeforeExpiry) {

		public boolean isConfigured() {
			return this.registrationId != null && !this.registrationId.isBlank();
		}

	}

	/**
	 * @param streamDeadline a watch stream is re-opened (from its last resume token) at
	 * least this often, so that it gets a deadline like every call and moves to new
	 * replicas over time
	 * @param initialBackoff wait before the first re-open after a failure; doubles per
	 * failure
	 * @param maxBackoff the longest wait between re-opens
	 */
	public record Watch(@DefaultValue("30m") Duration streamDeadline, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("10s") Duration maxBackoff) {
	}

}
