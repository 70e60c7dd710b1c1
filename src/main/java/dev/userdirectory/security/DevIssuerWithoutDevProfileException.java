package dev.userdirectory.security;

/**
 * The dev profile's token issuer was about to start in a start that did not ask for the
 * dev profile: possible only when Spring AOT fixed the beans of a dev build at build
 * time.
 */
public class DevIssuerWithoutDevProfileException extends RuntimeException {

	DevIssuerWithoutDevProfileException() {
		super("The dev profile's token issuer was about to start, but this start did not ask for the dev profile");
	}

}
