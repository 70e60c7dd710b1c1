package dev.userdirectory.security;

import java.text.ParseException;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a bearer token was refused, as a client can switch on it: the value of the
 * {@code token_problem} entry of an INVALID_TOKEN error's ErrorInfo metadata.
 */
public enum TokenProblem {

	/** Not a JWT at all: the header, claims or signature part cannot be read. */
	MALFORMED,

	/**
	 * Its signature does not verify with a trusted key and an accepted algorithm, or it
	 * has none.
	 */
	UNVERIFIED,

	EXPIRED,

	NOT_YET_VALID,

	WRONG_ISSUER,

	/** Its {@code aud} does not name this service: it was minted for another API. */
	WRONG_AUDIENCE,

	/** No {@code exp}: it would never expire. */
	MISSING_EXP,

	/** No {@code sub}, or an empty one: the caller would have no identity. */
	MISSING_SUB,

	/**
	 * No {@code iat} while a maximum token lifetime is configured: its lifetime is
	 * unknown.
	 */
	MISSING_IAT,

	/**
	 * {@code exp} − {@code iat} is longer than {@code users.security.max-token-lifetime}.
	 */
	LIFETIME_TOO_LONG,

	/** Some other claim or header a validator refused. */
	INVALID_CLAIMS;

	/** The problem behind a refused token, from Spring Security's exception for it. */
	public static TokenProblem of(Throwable refusal) {
		for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid) {
				return invalid.getErrors().stream().findFirst().map(TokenProblem::of).orElse(INVALID_CLAIMS);
			}
			if (cause instanceof BadJwtException) {
				return hasCause(cause, ParseException.class) ? MALFORMED : UNVERIFIED;
			}
		}
		return UNVERIFIED;
	}

	/**
	 * Spring Security's own validators say which check failed only in their descriptions
	 * ("Jwt expired at …", "The aud claim is not valid"); ours carry the problem itself.
	 */
	private static TokenProblem of(OAuth2Error error) {
		if (error instanceof TokenClaimError claimError) {
			return claimError.problem();
		}
		String description = (error.getDescription() != null) ? error.getDescription() : "";
		if (description.startsWith("Jwt expired")) {
			return EXPIRED;
		}
		if (description.startsWith("Jwt used before")) {
			return NOT_YET_VALID;
		}
		if (description.contains("iss claim")) {
			return WRONG_ISSUER;
		}
		if (description.contains("aud claim")) {
			return WRONG_AUDIENCE;
		}
		return INVALID_CLAIMS;
	}

	private static boolean hasCause(Throwable exception, Class<? extends Throwable> type) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
