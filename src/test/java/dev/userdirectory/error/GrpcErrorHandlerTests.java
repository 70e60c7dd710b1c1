package dev.userdirectory.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorHandlerTests {

	private static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private final GrpcErrorHandler handler = new GrpcErrorHandler();

	@Test
	void anUnreachableDatabaseIsRetryableUnavailable() throws Exception {
		StatusException status = this.handler.handleException(new CannotCreateTransactionException(
				"Could not open JPA EntityManager", new SQLTransientConnectionException("HikariPool-1 timed out")));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getStatus().getDescription()).doesNotContain("Hikari");
		com.google.rpc.Status details = StatusProto.fromThrowable(status);
		assertThat(details.getDetailsList()).anySatisfy((any) -> assertThat(any.is(RetryInfo.class)).isTrue());
		assertThat(errorInfo(details).getReason()).isEqualTo("DATABASE_UNAVAILABLE");
		// The same delay as gRPC's own retry hint, which clients' retry policies obey.
		assertThat(status.getTrailers().get(RETRY_PUSHBACK)).isEqualTo("1000");
	}

	@Test
	void aLimitHitIsResourceExhaustedThatRetryPoliciesMustNotRetry() {
		StatusException status = this.handler.handleException(new ApiException(ErrorReason.TOO_LARGE,
				"the upload is larger than 10485760 bytes", java.util.Map.of(), java.util.List.of()));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getTrailers().get(RETRY_PUSHBACK)).isEqualTo("-1");
	}

	@Test
	void otherErrorsCarryNoRetryHint() {
		StatusException status = this.handler.handleException(ApiException.userNotFound("42"));

		assertThat(status.getTrailers().containsKey(RETRY_PUSHBACK)).isFalse();
	}

	@Test
	void aConnectionLostInsideAQueryIsUnavailable() {
		StatusException status = this.handler.handleException(new JpaSystemException(
				new RuntimeException("wrapped", new SQLTransientConnectionException("connection reset"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void aDatabaseShuttingDownUnderACallIsUnavailable() {
		// PostgreSQL's "FATAL: terminating connection due to administrator command", as
		// Hibernate
		// and Spring wrap it: no resource-failure type anywhere, only the SQLSTATE says
		// what it is.
		StatusException status = this.handler
			.handleException(new JpaSystemException(new RuntimeException("JDBC exception executing SQL",
					new SQLException("FATAL: terminating connection", "57P01"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void aRollbackOnABrokenConnectionIsUnavailable() {
		// As HikariCP and Hibernate report it: the pool's connection is closed, no
		// SQLSTATE.
		StatusException status = this.handler
			.handleException(new JpaSystemException(new org.hibernate.TransactionException(
					"Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void aConstraintViolationIsNotMistakenForAnOutage() {
		StatusException status = this.handler.handleException(new JpaSystemException(
				new RuntimeException("insert failed", new SQLException("duplicate key", "23505"))));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
	}

	@Test
	void anUnexpectedFailureIsABareInternalWithoutItsDetails() throws Exception {
		StatusException status = this.handler.handleException(new DataIntegrityViolationException(
				"could not execute statement [insert into users (email) values (?)]; SQL [n/a]"));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getStatus().getDescription()).isEqualTo("internal error");
		assertThat(status.getStatus().getCause()).isNull();
		assertThat(errorInfo(StatusProto.fromThrowable(status)).getReason()).isEqualTo("INTERNAL_ERROR");
	}

	@Test
	void aCancelledCallStaysCancelled() throws Exception {
		StatusException status = this.handler.handleException(Status.CANCELLED.asRuntimeException());

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(errorInfo(StatusProto.fromThrowable(status)).getDomain()).isEqualTo("users.v1");
	}

	@Test
	void anApiExceptionKeepsItsReasonMessageAndMetadata() throws Exception {
		StatusException status = this.handler.handleException(ApiException.userNotFound("42"));

		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(status.getStatus().getDescription()).isEqualTo("user 42 not found");
		ErrorInfo info = errorInfo(StatusProto.fromThrowable(status));
		assertThat(info.getReason()).isEqualTo("USER_NOT_FOUND");
		assertThat(info.getMetadataMap()).containsEntry("user_id", "42");
	}

	private static ErrorInfo errorInfo(com.google.rpc.Status status) throws Exception {
		return status.getDetailsList()
			.stream()
			.filter((any) -> any.is(ErrorInfo.class))
			.findFirst()
			.orElseThrow()
			.unpack(ErrorInfo.class);
	}

}
