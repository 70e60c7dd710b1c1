package dev.userdirectory.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.CuttableTcpProxy;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import dev.userdirectory.support.PostgresAvailable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away and comes back (a proxy in front of PostgreSQL is cut and
 * restored): readiness turns DOWN on actuator and NOT_SERVING on gRPC health, calls fail
 * fast with UNAVAILABLE, and everything recovers on its own, without a restart.
 */
@ExtendWith(PostgresAvailable.class)
class ReadinessTests {

	private static final String SCHEMA = "users_readiness";

	@Test
	void readinessFollowsTheDatabaseDownAndBackUp() throws Exception {
		URI postgres = URI.create(System.getenv()
			.getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test")
			.substring("jdbc:".length()));
		String user = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");
		Flyway.configure().dataSource("jdbc:" + postgres, user, "").schemas(SCHEMA).cleanDisabled(false).load().clean();
		try (CuttableTcpProxy proxy = new CuttableTcpProxy((postgres.getPort() != -1) ? postgres.getPort() : 5432)) {
			ConfigurableApplicationContext service = new SpringApplicationBuilder(UserDirectoryApplication.class).run(
					"--spring.grpc.server.port=0", "--server.port=0",
					"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + postgres.getPath()
							+ "?currentSchema=" + SCHEMA,
					"--spring.datasource.username=" + user, "--spring.datasource.password=",
					"--spring.flyway.schemas=" + SCHEMA, "--spring.datasource.hikari.connection-timeout=1000",
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
					"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE);
			int grpcPort = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
			int httpPort = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port"));
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
			try {
				await().atMost(Duration.ofSeconds(15)).until(() -> grpcReadiness(channel) == ServingStatus.SERVING);
				assertThat(httpReadiness(httpPort)).isEqualTo(200);

				proxy.cut();

				await().atMost(Duration.ofSeconds(20)).until(() -> httpReadiness(httpPort) == 503);
				await().atMost(Duration.ofSeconds(20)).until(() -> grpcReadiness(channel) == ServingStatus.NOT_SERVING);
				assertThat(getUserStatus(channel)).isEqualTo(Status.Code.UNAVAILABLE);

				proxy.restore();

				await().atMost(Duration.ofSeconds(30)).until(() -> httpReadiness(httpPort) == 200);
				await().atMost(Duration.ofSeconds(20)).until(() -> grpcReadiness(channel) == ServingStatus.SERVING);
				await().atMost(Duration.ofSeconds(20)).until(() -> getUserStatus(channel) == Status.Code.NOT_FOUND);
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
				service.close();
			}
		}
	}

	private static ServingStatus grpcReadiness(ManagedChannel channel) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService("readiness").build())
			.getStatus();
	}

	private static int httpReadiness(int port) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static Status.Code getUserStatus(ManagedChannel channel) {
		try {
			UserServiceGrpc.newBlockingStub(channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build());
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

}
