package dev.userdirectory.security;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the validated token's subject, for the services that record or show it.
 */
public final class Caller {

	private Caller() {
	}

	/**
	 * The subject ({@code sub}) of the current call's token; empty outside an
	 * authenticated call.
	 */
	public static Optional<String> subject() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return Optional.empty();
		}
		return Optional.ofNullable(authentication.getName());
	}

}
