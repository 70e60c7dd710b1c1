package dev.userdirectory.security;

import org.springframework.security.access.AccessDeniedException;

/** A valid token without the scope the called method requires: PERMISSION_DENIED. */
public class MissingScopeException extends AccessDeniedException {

	private final String requiredScope;

	public MissingScopeException(String requiredScope) {
		super("the token lacks the scope '" + requiredScope + "' this method requires");
		this.requiredScope = requiredScope;
	}

	public String requiredScope() {
		return this.requiredScope;
	}

}
