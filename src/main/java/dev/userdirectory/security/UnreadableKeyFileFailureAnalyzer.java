package dev.userdirectory.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class UnreadableKeyFileFailureAnalyzer extends AbstractFailureAnalyzer<UnreadableKeyFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnreadableKeyFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Make " + cause.keyFile() + " readable by the user running the service, or delete it to have a new "
						+ "key generated (tokens issued with the old one stop working), or set "
						+ "users.security.dev.key-file to another file.",
				cause);
	}

}
