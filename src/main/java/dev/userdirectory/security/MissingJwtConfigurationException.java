package dev.userdirectory.security;

/**
 * The service would otherwise run without validating tokens: it refuses to start instead.
 */
public class MissingJwtConfigurationException extends RuntimeException {

	public MissingJwtConfigurationException() {
		super("No JWT validation is configured: set spring.security.oauth2.resourceserver.jwt.issuer-uri, "
				+ ".jwk-set-uri or .public-key-location (or run with the dev profile for local development)");
	}

}
