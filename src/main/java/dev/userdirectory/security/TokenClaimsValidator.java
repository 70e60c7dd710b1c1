package dev.userdirectory.security;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What Spring Security lets pass but this service cannot: a token without {@code exp}
 * never expires, and one without a subject gives its caller no identity (the subject is
 * recorded as {@code created_by} and shown as a chat message's author). Optionally,
 * tokens issued for longer than a maximum lifetime, which bounds how long a leaked token
 * works. Descriptions name the claim, never its value.
 */
final class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

	/** {@code null}: any lifetime is accepted. */
	private final Duration maxLifetime;

	TokenClaimsValidator(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		List<OAuth2Error> errors = new ArrayList<>();
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			errors.add(new TokenClaimError(TokenProblem.MISSING_EXP,
					"the token has no exp claim; this service accepts only tokens that expire"));
		}
		String subject = jwt.getSubject();
		if (subject == null || subject.isBlank()) {
			errors.add(new TokenClaimError(TokenProblem.MISSING_SUB,
					"the token has no subject (sub claim); the subject is the caller's identity"));
		}
		if (this.maxLifetime != null && expiresAt != null) {
			checkLifetime(issuedAtAsSigned(jwt), expiresAt, errors);
		}
		return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
	}

	/**
	 * Spring Security fills in a missing {@code iat} as {@code exp} − 1 s, which would
	 * make any token without one look short-lived; the (already verified) token itself
	 * says whether the issuer set it. A token that cannot be read again counts as having
	 * none: refused.
	 */
	private static Instant issuedAtAsSigned(Jwt jwt) {
		try {
			Date issuedAt = JWTParser.parse(jwt.getTokenValue()).getJWTClaimsSet().getIssueTime();
			return (issuedAt != null) ? issuedAt.toInstant() : null;
		}
		catch (ParseException unreadable) {
			return null;
		}
	}

	private void checkLifetime(Instant issuedAt, Instant expiresAt, List<OAuth2Error> errors) {
		if (issuedAt == null) {
			errors.add(new TokenClaimError(TokenProblem.MISSING_IAT,
					"the token has no iat claim, so its lifetime cannot be checked against the "
							+ this.maxLifetime.toSeconds() + " s this service accepts"));
			return;
		}
		Duration lifetime = Duration.between(issuedAt, expiresAt);
		if (lifetime.compareTo(this.maxLifetime) > 0) {
			errors.add(new TokenClaimError(TokenProblem.LIFETIME_TOO_LONG,
					"the token is valid for " + lifetime.toSeconds() + " s (exp - iat), longer than the "
							+ this.maxLifetime.toSeconds() + " s this service accepts"));
		}
	}

}
