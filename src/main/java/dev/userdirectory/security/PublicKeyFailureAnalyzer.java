package dev.userdirectory.security;

import java.security.GeneralSecurityException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * The configured public key file exists but holds no RSA public key: Spring Boot reports
 * a missing file itself, a wrong one only as a key-parsing stack trace.
 */
class PublicKeyFailureAnalyzer implements FailureAnalyzer {

	static final String LOCATION = "spring.security.oauth2.resourceserver.jwt.public-key-location";

	private final Environment environment;

	PublicKeyFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		String location = this.environment.getProperty(LOCATION);
		if (location == null) {
			return null;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof GeneralSecurityException unreadable) {
				return new FailureAnalysis(
						"The public key " + location + " (" + LOCATION + ") is not a PEM RSA public key: "
								+ unreadable.getMessage(),
						"Point " + LOCATION + " at a file holding the token issuer's RSA public key, starting with "
								+ "-----BEGIN PUBLIC KEY----- (openssl rsa -in private.pem -pubout writes one).",
						failure);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
