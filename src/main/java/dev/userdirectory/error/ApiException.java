package dev.userdirectory.error;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A failure that the caller can act on, carrying everything the gRPC error needs: the
 * reason (and through it the status code), a message safe to show to the caller,
 * ErrorInfo metadata and, for invalid requests, the field violations.
 */
public class ApiException extends RuntimeException {

	private final ErrorReason reason;

	private final Map<String, String> metadata;

	private final List<FieldViolation> violations;

	private final Duration retryAfter;

	public ApiException(ErrorReason reason, String message, Map<String, String> metadata,
			List<FieldViolation> violations) {
		this(reason, message, metadata, violations, null);
	}

	private ApiException(ErrorReason reason, String message, Map<String, String> metadata,
			List<FieldViolation> violations, Duration retryAfter) {
		super(message, null, false, false);
		this.reason = reason;
		this.metadata = Map.copyOf(metadata);
		this.violations = List.copyOf(violations);
		this.retryAfter = retryAfter;
	}

	public static ApiException invalid(List<FieldViolation> violations) {
		String first = violations.isEmpty() ? "invalid request"
				: violations.get(0).field() + ": " + violations.get(0).description();
		String message = violations.size() > 1
				? "invalid request: " + first + " (and " + (violations.size() - 1) + " more)"
				: "invalid request: " + first;
		return new ApiException(ErrorReason.INVALID_REQUEST, message, Map.of(), violations);
	}

	public static ApiException invalid(String field, String description) {
		return invalid(List.of(new FieldViolation(field, description)));
	}

	/**
	 * A request to {@code method} (its full name) that could not be read; see
	 * {@link ErrorReason#MALFORMED_REQUEST}.
	 */
	public static ApiException malformedRequest(String method, String description) {
		return new ApiException(ErrorReason.MALFORMED_REQUEST, description, Map.of("method", method), List.of());
	}

	/**
	 * Writes refused because the database's disk is full; {@code where} names the store,
	 * never a secret.
	 */
	public static ApiException storageFull(String where) {
		return new ApiException(ErrorReason.STORAGE_FULL,
				"the database's storage is full: writes are refused until an operator frees space; reads still work",
				Map.of("storage", where), List.of());
	}

	public static ApiException userNotFound(String id) {
		return new ApiException(ErrorReason.USER_NOT_FOUND, "user " + id + " not found", Map.of("user_id", id),
				List.of());
	}

	public static ApiException emailAlreadyExists() {
		return new ApiException(ErrorReason.EMAIL_ALREADY_EXISTS, "a user with this email already exists",
				Map.of("field", "email"), List.of());
	}

	/** One of the ids of a batch read names no user; {@code id} is the first such. */
	public static ApiException batchUserNotFound(String id) {
		return new ApiException(ErrorReason.USER_NOT_FOUND, "user " + id + " not found; no users were returned",
				Map.of("id", id, "user_id", id), List.of());
	}

	public static ApiException externalIdTaken() {
		return new ApiException(ErrorReason.EXTERNAL_ID_TAKEN, "a user with this external_id already exists",
				Map.of("field", "external_id"), List.of());
	}

	public static ApiException userNotDeleted(String id) {
		return new ApiException(ErrorReason.USER_NOT_DELETED, "user " + id + " is not deleted", Map.of("user_id", id),
				List.of());
	}

	public static ApiException invalidStatusTransition(String id, String status, String method) {
		return new ApiException(ErrorReason.INVALID_STATUS_TRANSITION,
				method + " cannot apply: user " + id + " is already " + status,
				Map.of("user_id", id, "status", "USER_STATUS_" + status), List.of());
	}

	public static ApiException etagMismatch(String id) {
		return new ApiException(ErrorReason.ETAG_MISMATCH,
				"user " + id + " was changed since the etag was read; read it again and retry", Map.of("user_id", id),
				List.of());
	}

	/** A stream whose client stopped reading, dropped so that it holds nothing up. */
	public static ApiException tooFarBehind(String who, int maxLag, String what) {
		return new ApiException(ErrorReason.TOO_FAR_BEHIND,
				"this " + who + " fell more than " + maxLag + " " + what
						+ " behind and was dropped; rejoin to continue",
				Map.of("max_lag", Integer.toString(maxLag)), List.of());
	}

	public static ApiException concurrentModification(String id) {
		return new ApiException(ErrorReason.CONCURRENT_MODIFICATION,
				"user " + id + " is being changed concurrently; retry", Map.of("user_id", id), List.of());
	}

	/**
	 * The caller exceeded its rate; {@code limit} describes it (e.g. "100 calls/s, burst
	 * 200").
	 */
	public static ApiException rateLimitExceeded(String method, String limit, Duration retryAfter) {
		return new ApiException(ErrorReason.RATE_LIMIT_EXCEEDED,
				"too many calls from this caller (limit " + limit + "); retry after the RetryInfo delay",
				Map.of("method", method, "limit", limit), List.of(), retryAfter);
	}

	public static ApiException tooManyConcurrentCalls(String method, int maxConcurrentCalls, Duration retryAfter) {
		return new ApiException(ErrorReason.TOO_MANY_CONCURRENT_CALLS,
				"this caller already has " + maxConcurrentCalls
						+ " calls in flight, its limit; retry after the RetryInfo delay",
				Map.of("method", method, "max_concurrent_calls", Integer.toString(maxConcurrentCalls)), List.of(),
				retryAfter);
	}

	public ErrorReason reason() {
		return this.reason;
	}

	public Map<String, String> metadata() {
		return this.metadata;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

	/**
	 * How long the caller should wait before trying again, when this failure passes by
	 * itself; null when it does not say.
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
