package dev.userdirectory.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What Spring Boot's standard {@code spring.security.oauth2.resourceserver.jwt.*}
 * properties do not cover.
 *
 * @param clockSkew how far {@code exp} and {@code nbf} may be off between issuer and
 * service
 * @param tokenCache reuse of validated tokens
 * @param jwkSetCacheTtl how long the issuer's JWK set is kept before it is fetched again,
 * so a key removed from it stops being trusted within this time
 * @param audienceRequired whether the service refuses to start, outside the dev profile,
 * without {@code spring.security.oauth2.resourceserver.jwt.audiences}; set to false only
 * on purpose, when the issuer mints tokens for this service alone (a warning is logged at
 * every start)
 * @param maxTokenLifetime the longest {@code exp} − {@code iat} a token may have; unset,
 * any lifetime is accepted. When set, tokens without {@code iat} are refused too
 * @param dev the dev profile's own token issuer (ignored outside that profile)
 */
@ConfigurationProperties("users.security")
public record SecurityProperties(@DefaultValue("30s") Duration clockSkew, @DefaultValue TokenCache tokenCache,
		@DefaultValue("5m") Duration jwkSetCacheTtl,
		// Fail closed whatever configuration files are in play: no value means required.
		@DefaultValue("true") boolean audienceRequired, Duration maxTokenLifetime, @DefaultValue Dev dev) {

	public SecurityProperties {
		if (maxTokenLifetime != null && (maxTokenLifetime.isZero() || maxTokenLifetime.isNegative())) {
			throw new IllegalArgumentException(
					"users.security.max-token-lifetime must be positive; leave it unset to accept any lifetime");
		}
	}

	/**
	 * @param maxSize how many validated tokens are kept
	 * @param ttl how long a token is reused without validating it again (never past its
	 * {@code exp}); also how long a token signed with a rotated-out key may still be
	 * honoured
	 */
	public record TokenCache(@DefaultValue("10000") long maxSize, @DefaultValue("30s") Duration ttl) {
	}

	/**
	 * @param keyFile the key the dev profile signs its tokens with (a JWK: EC P-256,
	 * ES256, when generated on first start; an RSA key there is used as it is), mode 600,
	 * kept so that issued tokens survive restarts
	 * @param tokenFile where the dev profile writes the token it prints (mode 600), so a
	 * shell can read it with {@code TOKEN=$(cat data/dev-token)}
	 * @param tokenLifetime how long the printed token is valid
	 */
	public record Dev(@DefaultValue("./data/dev-jwt-signing-key.json") Path keyFile,
			@DefaultValue("./data/dev-token") Path tokenFile, @DefaultValue("24h") Duration tokenLifetime) {
	}

}
