package dev.userdirectory.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a client sees of a failed call, checked as the contract's Errors section says. */
public record GrpcErrors(Status.Code code, String message, ErrorInfo errorInfo, Map<String, String> fieldViolations) {

	/**
	 * Runs {@code call}, expecting it to fail with {@code code}; checks what every error
	 * must carry (an ErrorInfo in the users.v1 domain, a message without internals) and
	 * returns the error.
	 */
	public static GrpcErrors assertFails(Status.Code code, Executable call) {
		StatusRuntimeException exception = assertThrows(StatusRuntimeException.class, call);
		assertThat(exception.getStatus().getCode()).as("status code of %s", exception).isEqualTo(code);
		com.google.rpc.Status status = StatusProto.fromThrowable(exception);
		assertThat(status).as("google.rpc.Status details of %s", exception).isNotNull();
		ErrorInfo errorInfo = unpack(status.getDetailsList(), ErrorInfo.class);
		assertThat(errorInfo).as("ErrorInfo of %s", exception).isNotNull();
		assertThat(errorInfo.getDomain()).isEqualTo("users.v1");
		assertThat(errorInfo.getReason()).matches("[A-Z][A-Z0-9_]*[A-Z0-9]");
		assertThat(status.getMessage()).doesNotContainIgnoringCase("exception")
			.doesNotContainIgnoringCase("select ")
			.doesNotContainIgnoringCase("insert ")
			.doesNotContain("org.")
			.doesNotContain("at dev.");
		BadRequest badRequest = unpack(status.getDetailsList(), BadRequest.class);
		Map<String, String> violations = (badRequest != null) ? badRequest.getFieldViolationsList()
			.stream()
			.collect(Collectors.toMap(BadRequest.FieldViolation::getField, BadRequest.FieldViolation::getDescription,
					(a, b) -> a + "; " + b))
				: Map.of();
		return new GrpcErrors(code, status.getMessage(), errorInfo, violations);
	}

	public GrpcErrors hasReason(String reason) {
		assertThat(this.errorInfo.getReason()).isEqualTo(reason);
		return this;
	}

	/** The BadRequest names exactly these fields. */
	public GrpcErrors hasViolationsOn(String... fields) {
		assertThat(this.fieldViolations.keySet()).containsExactlyInAnyOrder(fields);
		return this;
	}

	private static <T extends com.google.protobuf.Message> T unpack(List<Any> details, Class<T> type) {
		for (Any detail : details) {
			if (detail.is(type)) {
				try {
					return detail.unpack(type);
				}
				catch (InvalidProtocolBufferException ex) {
					throw new AssertionError("undecodable " + type.getSimpleName(), ex);
				}
			}
		}
		return null;
	}

}
