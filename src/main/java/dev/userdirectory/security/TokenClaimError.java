package dev.userdirectory.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A claim {@link TokenClaimsValidator} refused, with the {@link TokenProblem} clients are
 * told.
 */
final class TokenClaimError extends OAuth2Error {

	private final TokenProblem problem;

	TokenClaimError(TokenProblem problem, String description) {
		super(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
		this.problem = problem;
	}

	TokenProblem problem() {
		return this.problem;
	}

}
