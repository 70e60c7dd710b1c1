package dev.userdirectory.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MissingClientCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<MissingClientCredentialsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingClientCredentialsException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set users.client.token to a bearer token (the dev profile prints one), or "
						+ "users.client.oauth2.registration-id to a spring.security.oauth2.client.registration "
						+ "with authorization-grant-type client_credentials",
				cause);
	}

}
