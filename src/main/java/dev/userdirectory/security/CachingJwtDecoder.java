package dev.userdirectory.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Reuses validated tokens: clients send the same token on every call, and checking its
 * signature each time is most of the cost of a small call. A token is reused for at most
 * the configured time-to-live and never at or past its {@code exp}; anything else goes to
 * the real decoder.
 */
class CachingJwtDecoder implements JwtDecoder, VerifiedTokens {

	private final JwtDecoder delegate;

	private final Cache<String, Jwt> validated;

	private final Clock clock;

	CachingJwtDecoder(JwtDecoder delegate, long maxSize, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.validated = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new Expiry<String, Jwt>() {
			@Override
			public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
				return reusableFor(jwt, ttl).toNanos();
			}

			@Override
			public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
				return reusableFor(jwt, ttl).toNanos();
			}

			@Override
			public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
				return currentDuration;
			}
		}).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = this.validated.getIfPresent(token);
		if (cached != null && notExpired(cached)) {
			return cached;
		}
		Jwt jwt = decodeWithDelegate(token);
		if (notExpired(jwt) && !reusableFor(jwt, Duration.ZERO).isNegative()) {
			this.validated.put(token, jwt);
		}
		return jwt;
	}

	@Override
	public Optional<String> verifiedSubject(String token) {
		Jwt cached = this.validated.getIfPresent(token);
		return (cached != null && notExpired(cached)) ? Optional.ofNullable(cached.getSubject()) : Optional.empty();
	}

	/**
	 * With only an issuer-uri, Spring Security discovers the issuer on first use and,
	 * when it cannot, throws an exception that is no JwtException, which would end the
	 * call as INTERNAL. As a JwtException it becomes what it is: the keys are unreachable
	 * for now (UNAVAILABLE).
	 */
	private Jwt decodeWithDelegate(String token) {
		try {
			return this.delegate.decode(token);
		}
		catch (JwtDecoderInitializationException unreachable) {
			throw new JwtException("the token issuer could not be reached", unreachable);
		}
	}

	private boolean notExpired(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt == null || this.clock.instant().isBefore(expiresAt);
	}

	private Duration reusableFor(Jwt jwt, Duration ttl) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return ttl;
		}
		Duration untilExpiry = Duration.between(this.clock.instant(), expiresAt);
		return (untilExpiry.compareTo(ttl) < 0) ? untilExpiry : ttl;
	}

}
