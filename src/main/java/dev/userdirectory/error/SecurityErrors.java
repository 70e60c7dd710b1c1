package dev.userdirectory.error;

import java.util.List;
import java.util.Map;

import dev.userdirectory.security.MissingScopeException;
import dev.userdirectory.security.TokenProblem;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * Spring Security's failures in the contract's terms: no or bad token → UNAUTHENTICATED,
 * a good token without the scope → PERMISSION_DENIED. Messages say what to fix, never
 * token contents; a refused token's problem is also in the metadata, for clients to
 * switch on.
 */
final class SecurityErrors {

	/**
	 * The ErrorInfo metadata key that says why a token was refused (a
	 * {@link TokenProblem}).
	 */
	static final String TOKEN_PROBLEM = "token_problem";

	private SecurityErrors() {
	}

	static ApiException toApiException(Throwable exception) {
		if (exception instanceof MissingScopeException missingScope) {
			return new ApiException(ErrorReason.MISSING_SCOPE, missingScope.getMessage(),
					Map.of("required_scope", missingScope.requiredScope()), List.of());
		}
		if (exception instanceof OAuth2AuthenticationException invalid) {
			return new ApiException(ErrorReason.INVALID_TOKEN, "the bearer token is not valid: " + reason(invalid),
					Map.of(TOKEN_PROBLEM, TokenProblem.of(invalid).name()), List.of());
		}
		if (exception instanceof AuthenticationServiceException) {
			return new ApiException(ErrorReason.TOKEN_VALIDATION_UNAVAILABLE,
					"the token issuer's keys cannot be reached; retry later", Map.of(), List.of());
		}
		if (exception instanceof org.springframework.security.core.AuthenticationException) {
			return new ApiException(ErrorReason.MISSING_TOKEN,
					"this method needs an 'authorization: Bearer <JWT>' header", Map.of(), List.of());
		}
		return new ApiException(ErrorReason.MISSING_SCOPE, "the caller may not call this method", Map.of(), List.of());
	}

	/**
	 * Spring Security's description of a rejected token, e.g. "Jwt expired at …", on one
	 * line.
	 */
	private static String reason(OAuth2AuthenticationException exception) {
		String description = exception.getError().getDescription();
		if (description == null || description.isBlank()) {
			return "it could not be verified";
		}
		String line = description.lines().findFirst().orElse("").strip();
		return (line.length() > 200) ? line.substring(0, 200) : line;
	}

}
