package dev.userdirectory.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class CachingJwtDecoderTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

	private final Clock clock = new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return CachingJwtDecoderTests.this.now.get();
		}
	};

	private final AtomicInteger decoded = new AtomicInteger();

	private Jwt jwtExpiringIn(Duration lifetime) {
		Instant issued = this.now.get();
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("s")
			.issuedAt(issued)
			.expiresAt(issued.plus(lifetime))
			.build();
	}

	@Test
	void decodesARepeatedTokenOnce() {
		Jwt jwt = jwtExpiringIn(Duration.ofMinutes(5));
		JwtDecoder decoder = new CachingJwtDecoder(counting(jwt), 10, Duration.ofMinutes(1), this.clock);

		decoder.decode("t");
		decoder.decode("t");
		decoder.decode("t");

		assertThat(this.decoded).hasValue(1);
	}

	@Test
	void neverReturnsACachedTokenAtOrPastItsExpiry() {
		Jwt jwt = jwtExpiringIn(Duration.ofSeconds(10));
		JwtDecoder decoder = new CachingJwtDecoder(counting(jwt), 10, Duration.ofMinutes(1), this.clock);
		decoder.decode("t");

		this.now.set(jwt.getExpiresAt());
		decoder.decode("t");

		assertThat(this.decoded).as("the real decoder judged the expired token again").hasValue(2);
	}

	private JwtDecoder counting(Jwt jwt) {
		return (token) -> {
			this.decoded.incrementAndGet();
			return jwt;
		};
	}

}
