package dev.userdirectory.client;

import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.protobuf.Any;
import io.grpc.Metadata;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/**
 * Failures as users.v1 puts them on the wire (its error contract: details, and the
 * {@code grpc-retry-pushback-ms} trailer), for a scripted service to answer with.
 */
final class ServiceAnswers {

	private static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private ServiceAnswers() {
	}

	static StatusException invalidArgument(String field, String description) {
		com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
			.setCode(Code.INVALID_ARGUMENT_VALUE)
			.setMessage(field + ": " + description)
			.addDetails(Any.pack(BadRequest.newBuilder()
				.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description))
				.build()))
			.build();
		return StatusProto.toStatusException(status);
	}

	/**
	 * A status write the user's status does not allow, e.g. a second deactivate.
	 */
	static StatusException invalidStatusTransition(String id) {
		return StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
			.setCode(Code.FAILED_PRECONDITION_VALUE)
			.setMessage("user " + id + " is already inactive")
			.addDetails(Any.pack(ErrorInfo.newBuilder()
				.setReason("INVALID_STATUS_TRANSITION")
				.setDomain("users.v1")
				.putMetadata("user_id", id)
				.build()))
			.build());
	}

	/**
	 * A limit hit (too large, too far behind): pushback -1 says trying again will not
	 * help.
	 */
	static StatusException limitReached(String message) {
		Metadata trailers = new Metadata();
		trailers.put(RETRY_PUSHBACK, "-1");
		return StatusProto.toStatusException(
				com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage(message).build(),
				trailers);
	}

	/**
	 * The database is unreachable: come back in a second (RetryInfo and pushback agree).
	 */
	static StatusException databaseUnavailable() {
		Metadata trailers = new Metadata();
		trailers.put(RETRY_PUSHBACK, "1000");
		return StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
			.setCode(Code.UNAVAILABLE_VALUE)
			.setMessage("the database is unavailable, try again shortly")
			.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(1)).build()))
			.build(), trailers);
	}

}
