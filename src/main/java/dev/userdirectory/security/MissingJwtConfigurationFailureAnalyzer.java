package dev.userdirectory.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MissingJwtConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<MissingJwtConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingJwtConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set spring.security.oauth2.resourceserver.jwt.issuer-uri (or .jwk-set-uri, or .public-key-location) "
						+ "to your token issuer, or start with --spring.profiles.active=dev",
				cause);
	}

}
