package dev.userdirectory.error;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where failures become gRPC statuses (AIP-193): every error carries a
 * {@link ErrorInfo} in the {@code users.v1} domain, invalid requests a
 * {@link BadRequest}, and retryable ones a {@link RetryInfo}. Anything unexpected is
 * logged here with its stack trace and answered as a bare INTERNAL, so no SQL, class name
 * or trace ever reaches a caller.
 */
@Component
// Ahead of Spring gRPC's own security handler, whose statuses carry no ErrorInfo.
@Order(Ordered.HIGHEST_PRECEDENCE)
public class GrpcErrorHandler implements GrpcExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GrpcErrorHandler.class);

	/**
	 * gRPC's own retry hint (gRFC A6), read by every gRPC client's retry policy;
	 * RetryInfo says the same to code that reads the status details.
	 */
	private static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Duration DATABASE_RETRY_DELAY = Duration.newBuilder().setSeconds(1).build();

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof ApiException api) {
			return toStatusException(api);
		}
		if (exception instanceof AuthenticationException || exception instanceof AccessDeniedException) {
			return toStatusException(SecurityErrors.toApiException(exception));
		}
		if (isStorageFull(exception)) {
			log.warn("Write refused, the database's storage is full: {}", exception.getMessage());
			return toStatusException(ApiException.storageFull("database"));
		}
		if (isDatabaseUnavailable(exception)) {
			log.warn("Database unavailable: {}", exception.getMessage());
			return toStatusException(new ApiException(ErrorReason.DATABASE_UNAVAILABLE,
					"the database is unavailable; retry later", Map.of(), List.of()));
		}
		Status.Code code = grpcCode(exception);
		if (code == Status.Code.CANCELLED) {
			return toStatusException(
					new ApiException(ErrorReason.CANCELLED, "the call was cancelled", Map.of(), List.of()));
		}
		if (code == Status.Code.DEADLINE_EXCEEDED) {
			return toStatusException(new ApiException(ErrorReason.DEADLINE_EXCEEDED, "the call's deadline expired",
					Map.of(), List.of()));
		}
		log.error("Unexpected failure of a gRPC call", exception);
		return toStatusException(new ApiException(ErrorReason.INTERNAL_ERROR, "internal error", Map.of(), List.of()));
	}

	static StatusException toStatusException(ApiException exception) {
		ErrorReason reason = exception.reason();
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(reason.code().value())
			.setMessage(exception.getMessage())
			.addDetails(Any.pack(ErrorInfo.newBuilder()
				.setReason(reason.name())
				.setDomain(ErrorReason.DOMAIN)
				.putAllMetadata(exception.metadata())
				.build()));
		if (!exception.violations().isEmpty()) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			exception.violations()
				.forEach((violation) -> badRequest.addFieldViolationsBuilder()
					.setField(violation.field())
					.setDescription(violation.description()));
			status.addDetails(Any.pack(badRequest.build()));
		}
		Metadata trailers = new Metadata();
		if (exception.retryAfter() != null) {
			// A limit that lifts by itself: the client's retry policy backs off this
			// long.
			long millis = Math.max(1, exception.retryAfter().toMillis());
			status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(durationOf(millis)).build()));
			trailers.put(RETRY_PUSHBACK, Long.toString(millis));
		}
		else if (reason.code() == Status.Code.UNAVAILABLE) {
			status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(DATABASE_RETRY_DELAY).build()));
			trailers.put(RETRY_PUSHBACK, Long.toString(DATABASE_RETRY_DELAY.getSeconds() * 1000));
		}
		else if (reason.code() == Status.Code.RESOURCE_EXHAUSTED) {
			// A limit was hit (too large, too far behind, a full disk): trying again soon
			// will not help. A negative pushback tells clients whose retry policy covers
			// RESOURCE_EXHAUSTED not to retry.
			trailers.put(RETRY_PUSHBACK, "-1");
		}
		return StatusProto.toStatusException(status.build(), trailers);
	}

	private static Duration durationOf(long millis) {
		return Duration.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
	}

	/**
	 * PostgreSQL reports a full disk as SQLSTATE 53100; H2 has no state of its own for it
	 * and passes on the operating system's ENOSPC message.
	 */
	private static boolean isStorageFull(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if ((cause instanceof SQLException sql && "53100".equals(sql.getSQLState()))
					|| (cause.getMessage() != null && cause.getMessage().contains("No space left on device"))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isDatabaseUnavailable(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof TransientDataAccessResourceException || cause instanceof QueryTimeoutException
					|| cause instanceof SQLTransientException || cause instanceof SQLNonTransientConnectionException
					|| (cause instanceof SQLException sql && isConnectionLost(sql.getSQLState()))
					|| isTransactionEndFailedOnAClosedConnection(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATEs of a database that went away under a call: class 08 (connection
	 * exception, e.g. 08003 "connection is closed" on the rollback after it broke) and
	 * 57P01-57P03 (the server is shutting down, crashed, or not accepting connections
	 * yet). Drivers report these as plain SQLExceptions, which Spring translates to no
	 * resource-failure type.
	 */
	private static boolean isConnectionLost(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
	}

	/**
	 * When the connection dies mid-transaction, the rollback fails too, and its failure
	 * (the pool's "Connection is closed", without SQLSTATE) replaces the original one on
	 * the way up.
	 */
	private static boolean isTransactionEndFailedOnAClosedConnection(Throwable cause) {
		return cause instanceof org.hibernate.TransactionException && cause.getCause() instanceof SQLException sql
				&& (sql.getSQLState() == null || isConnectionLost(sql.getSQLState()));
	}

	private static Status.Code grpcCode(Throwable exception) {
		if (exception instanceof StatusRuntimeException statusException) {
			return statusException.getStatus().getCode();
		}
		if (exception instanceof StatusException statusException) {
			return statusException.getStatus().getCode();
		}
		return Status.Code.UNKNOWN;
	}

}
