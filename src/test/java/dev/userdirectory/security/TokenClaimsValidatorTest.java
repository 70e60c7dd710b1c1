package dev.userdirectory.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClaimsValidatorTest {

	private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");

	private final TokenClaimsValidator unlimited = new TokenClaimsValidator(null);

	private final TokenClaimsValidator atMostAnHour = new TokenClaimsValidator(Duration.ofHours(1));

	/**
	 * A token as the decoder hands it to validators: its serialized form, and its claims
	 * converted by Spring Security's own converter (which, for one, fills in a missing
	 * iat).
	 */
	private static Jwt token(UnaryOperator<JWTClaimsSet.Builder> changes) {
		JWTClaimsSet claims = changes
			.apply(new JWTClaimsSet.Builder().subject("alice")
				.claim("scope", "users.read")
				.issueTime(Date.from(ISSUED))
				.expirationTime(Date.from(ISSUED.plus(Duration.ofMinutes(10)))))
			.build();
		Map<String, Object> converted = MappedJwtClaimSetConverter.withDefaults(Map.of()).convert(claims.getClaims());
		return Jwt.withTokenValue(new PlainJWT(claims).serialize())
			.header("alg", "none")
			.claims((all) -> all.putAll(converted))
			.build();
	}

	private static Jwt expiringAfter(Duration lifetime) {
		return token((claims) -> claims.expirationTime(Date.from(ISSUED.plus(lifetime))));
	}

	private static Object[] problems(OAuth2TokenValidatorResult result) {
		return result.getErrors().stream().map((error) -> ((TokenClaimError) error).problem()).toArray();
	}

	@Test
	void acceptsATokenWithExpiryAndSubject() {
		assertThat(this.unlimited.validate(token((claims) -> claims)).hasErrors()).isFalse();
		assertThat(this.atMostAnHour.validate(token((claims) -> claims)).hasErrors()).isFalse();
	}

	@Test
	void refusesATokenThatNeverExpires() {
		assertThat(problems(this.unlimited.validate(token((claims) -> claims.expirationTime(null)))))
			.containsExactly(TokenProblem.MISSING_EXP);
	}

	@Test
	void refusesATokenWithoutOrWithABlankSubject() {
		assertThat(problems(this.unlimited.validate(token((claims) -> claims.subject(null)))))
			.containsExactly(TokenProblem.MISSING_SUB);
		assertThat(problems(this.unlimited.validate(token((claims) -> claims.subject("")))))
			.containsExactly(TokenProblem.MISSING_SUB);
		assertThat(problems(this.unlimited.validate(token((claims) -> claims.subject(" \t")))))
			.containsExactly(TokenProblem.MISSING_SUB);
	}

	@Test
	void reportsEveryMissingClaim() {
		Jwt bare = token((claims) -> claims.subject(null).expirationTime(null));
		assertThat(problems(this.unlimited.validate(bare))).containsExactly(TokenProblem.MISSING_EXP,
				TokenProblem.MISSING_SUB);
	}

	@Test
	void withoutAMaximumAnyLifetimeAndAMissingIssuedAtPass() {
		assertThat(this.unlimited.validate(expiringAfter(Duration.ofDays(365))).hasErrors()).isFalse();
		assertThat(this.unlimited.validate(token((claims) -> claims.issueTime(null))).hasErrors()).isFalse();
	}

	@Test
	void theMaximumLifetimeIsInclusive() {
		assertThat(this.atMostAnHour.validate(expiringAfter(Duration.ofHours(1))).hasErrors()).isFalse();
		OAuth2TokenValidatorResult longer = this.atMostAnHour.validate(expiringAfter(Duration.ofSeconds(3601)));
		assertThat(problems(longer)).containsExactly(TokenProblem.LIFETIME_TOO_LONG);
		assertThat(longer.getErrors()).extracting(OAuth2Error::getDescription)
			.singleElement()
			.asString()
			.contains("3601 s")
			.contains("3600 s");
	}

	@Test
	void withAMaximumATokenWithoutIssuedAtIsRefusedThoughSpringFillsOneIn() {
		Jwt withoutIssuedAt = token((claims) -> claims.issueTime(null));
		assertThat(withoutIssuedAt.getIssuedAt()).as("Spring Security's stand-in iat").isNotNull();
		assertThat(problems(this.atMostAnHour.validate(withoutIssuedAt))).containsExactly(TokenProblem.MISSING_IAT);
	}

	@Test
	void descriptionsNeverCarryClaimValues() {
		Jwt secretive = token((claims) -> claims.subject("").claim("email", "alice@example.com").issueTime(null));
		assertThat(this.atMostAnHour.validate(secretive).getErrors()).extracting(OAuth2Error::getDescription)
			.isNotEmpty()
			.allSatisfy((description) -> assertThat(description).doesNotContain("alice").doesNotContain("2030"));
	}

}
