package dev.userdirectory.client;

/**
 * UsersClient was configured without a way to get a token: refusing to start beats
 * UNAUTHENTICATED later.
 */
class MissingClientCredentialsException extends IllegalStateException {

	MissingClientCredentialsException() {
		this("UsersClient has no credentials: users.v1 refuses every call without a bearer token");
	}

	MissingClientCredentialsException(String message) {
		super(message);
	}

}
