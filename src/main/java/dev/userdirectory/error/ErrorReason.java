package dev.userdirectory.error;

import io.grpc.Status;

/**
 * The {@code google.rpc.ErrorInfo} reasons this API answers with. Clients switch on
 * these, so a reason, once published, keeps its name and its status code.
 */
public enum ErrorReason {

	INVALID_REQUEST(Status.Code.INVALID_ARGUMENT),

	/**
	 * A request that could not be read at all, so no field can be named: bytes that are
	 * not the method's message (truncated, mis-sized, invalid UTF-8, nested too deeply),
	 * or a wrong number of messages for a method that takes one.
	 */
	MALFORMED_REQUEST(Status.Code.INVALID_ARGUMENT),

	/** No bearer token on a call that needs one. */
	MISSING_TOKEN(Status.Code.UNAUTHENTICATED),

	/**
	 * A bearer token that is malformed, expired, not yet valid, not signed by a trusted
	 * key, for another issuer or audience, or without exp or subject; metadata
	 * {@code token_problem} says which.
	 */
	INVALID_TOKEN(Status.Code.UNAUTHENTICATED),

	/** A valid token without the scope the method requires (named in the metadata). */
	MISSING_SCOPE(Status.Code.PERMISSION_DENIED),

	/** The token issuer's keys could not be fetched; the token itself may be fine. */
	TOKEN_VALIDATION_UNAVAILABLE(Status.Code.UNAVAILABLE),

	USER_NOT_FOUND(Status.Code.NOT_FOUND),

	/** DownloadUserData of a user with no uploaded data. */
	USER_DATA_NOT_FOUND(Status.Code.NOT_FOUND),

	/** An upload replaced the data while it was being downloaded; download again. */
	USER_DATA_REPLACED(Status.Code.ABORTED),

	EMAIL_ALREADY_EXISTS(Status.Code.ALREADY_EXISTS),

	/**
	 * A CreateUsers item reuses a request_id (idempotent retries are per CreateUser
	 * call).
	 */
	REQUEST_ID_ALREADY_USED(Status.Code.ALREADY_EXISTS),

	/** Another user, possibly soft-deleted, has this external_id. */
	EXTERNAL_ID_TAKEN(Status.Code.ALREADY_EXISTS),

	/** UndeleteUser on a user that is not deleted. */
	USER_NOT_DELETED(Status.Code.ALREADY_EXISTS),

	/** DeactivateUser on an INACTIVE user, or ReactivateUser on an ACTIVE one. */
	INVALID_STATUS_TRANSITION(Status.Code.FAILED_PRECONDITION),

	/** A Chat participant stopped reading and fell too far behind; it was dropped. */
	TOO_FAR_BEHIND(Status.Code.RESOURCE_EXHAUSTED),

	/** A resume token older than the change feed's retention. */
	RESUME_TOKEN_EXPIRED(Status.Code.OUT_OF_RANGE),

	/** A stream or upload larger than the service accepts; nothing was stored. */
	TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),

	ETAG_MISMATCH(Status.Code.ABORTED),

	/** A write without an etag kept losing to concurrent writers; retrying is safe. */
	CONCURRENT_MODIFICATION(Status.Code.ABORTED),

	DATABASE_UNAVAILABLE(Status.Code.UNAVAILABLE),

	/**
	 * The disk under the database is (nearly) full: writes are refused until space is
	 * freed, reads go on. Retrying soon will not help; an operator has to act.
	 */
	STORAGE_FULL(Status.Code.RESOURCE_EXHAUSTED),

	/**
	 * The caller (token subject) started more calls per second than its limit allows;
	 * RetryInfo says when the next one will be accepted.
	 */
	RATE_LIMIT_EXCEEDED(Status.Code.RESOURCE_EXHAUSTED),

	/**
	 * The caller (token subject) already has as many calls in flight on this replica as
	 * it may; retry after the RetryInfo delay, or once one of them has ended.
	 */
	TOO_MANY_CONCURRENT_CALLS(Status.Code.RESOURCE_EXHAUSTED),

	/** The replica is shutting down; reconnect to another and resume. */
	SHUTTING_DOWN(Status.Code.UNAVAILABLE),

	DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED),

	CANCELLED(Status.Code.CANCELLED),

	INTERNAL_ERROR(Status.Code.INTERNAL);

	/** The {@code ErrorInfo.domain} of every error this service answers with. */
	public static final String DOMAIN = "users.v1";

	private final Status.Code code;

	ErrorReason(Status.Code code) {
		this.code = code;
	}

	public Status.Code code() {
		return this.code;
	}

}
