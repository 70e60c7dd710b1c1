package dev.userdirectory.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MissingAudienceFailureAnalyzer extends AbstractFailureAnalyzer<MissingAudienceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingAudienceException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set " + AudienceRequirement.AUDIENCES_PROPERTY
						+ " (e.g. users-service), or, only if your issuer mints tokens for this service alone, set "
						+ AudienceRequirement.OPT_OUT_PROPERTY + "=false; for local development start with "
						+ "--spring.profiles.active=dev",
				cause);
	}

}
