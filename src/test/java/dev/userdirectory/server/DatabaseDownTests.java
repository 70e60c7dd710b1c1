package dev.userdirectory.server;

import java.time.Duration;
import java.util.UUID;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the database unreachable since start-up (nothing listens on its port), calls fail
 * fast, within the pool's connection timeout, with the retryable UNAVAILABLE, never
 * INTERNAL.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/unreachable",
		"spring.datasource.hikari.connection-timeout=500", "spring.flyway.enabled=false",
		"spring.jpa.hibernate.ddl-auto=none", "spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect",
		"spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false" })
class DatabaseDownTests extends AbstractGrpcIntegrationTests {

	@Test
	void readsAndWritesFailFastAsRetryableUnavailable() {
		long started = System.nanoTime();

		assertFails(Status.Code.UNAVAILABLE,
				() -> this.users.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()))
			.hasReason("DATABASE_UNAVAILABLE");
		assertFails(Status.Code.UNAVAILABLE,
				() -> this.users
					.createUser(CreateUserRequest.newBuilder().setEmail("down@example.com").setName("Down").build()))
			.hasReason("DATABASE_UNAVAILABLE");

		// Two calls of 500 ms connection timeout each take ~1.6 s; when every caller
		// queued behind
		// the feed tails' and health checks' attempts to create the pool, they took 7-10
		// s.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the pool's connection timeout")
			.isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void invalidRequestsAreStillAnsweredWithoutTheDatabase() {
		assertFails(Status.Code.INVALID_ARGUMENT,
				() -> this.users.getUser(GetUserRequest.newBuilder().setId("x").build()))
			.hasViolationsOn("id");
	}

}
