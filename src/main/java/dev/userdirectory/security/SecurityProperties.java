package dev.userdirectory.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What Spring Boot's standard {@code spring.security.oauth2.resourceserver.jwt.*} properties do
 * not cover.
 *
 * @param clockSkew how far {@code exp} and {@code nbf} may be off between issuer and service
 * @param tokenCache reuse of validated tokens
 * @param jwkSetCacheTtl how long the issuer's JWK set is kept before it is fetched again, so a key
 * removed from it stops being trusted within this time
 */
@ConfigurationProperties("users.security")
public record SecurityProperties(Duration clockSkew, TokenCache tokenCache, Duration jwkSetCacheTtl) {

	/**
	 * @param maxSize how many validated tokens are kept
	 * @param ttl how long a token is reused without validating it again (never past its
	 * {@code exp}); also how long a token signed with a rotated-out key may still be honoured
	 */
	public record TokenCache(long maxSize, Duration ttl) {
	}

}
