package dev.userdirectory.security;

import java.util.Optional;

/**
 * Tokens already verified and still valid, looked up without verifying anything: for
 * decisions that must be cheap and must not trust an unverified claim (per-caller limits
 * refusing a flood before it queues).
 */
public interface VerifiedTokens {

	/**
	 * The subject of {@code token} if it was verified recently and has not expired; empty
	 * otherwise (then only full verification can tell).
	 */
	Optional<String> verifiedSubject(String token);

}
