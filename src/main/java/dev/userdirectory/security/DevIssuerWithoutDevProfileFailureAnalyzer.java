package dev.userdirectory.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class DevIssuerWithoutDevProfileFailureAnalyzer extends AbstractFailureAnalyzer<DevIssuerWithoutDevProfileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DevIssuerWithoutDevProfileException cause) {
		return new FailureAnalysis(cause.getMessage()
				+ ". This jar was AOT-processed with the dev profile (pom.xml's spring-aot-measurement) and started "
				+ "with -Dspring.aot.enabled=true, which keeps the beans and profiles chosen at build time.",
				"Start it without -Dspring.aot.enabled=true, or use a jar built without -Pspring-aot-measurement "
						+ "(only for measuring, with --spring.profiles.active=dev).",
				cause);
	}

}
