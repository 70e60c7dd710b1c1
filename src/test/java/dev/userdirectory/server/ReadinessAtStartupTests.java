package dev.userdirectory.server;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica answers SERVING as soon as start-up returns, not at the health schedule's
 * next tick: the schedule is set to an hour here, so only the switch to ACCEPTING_TRAFFIC
 * can have said so.
 */
class ReadinessAtStartupTests {

	@Test
	void readinessIsServingTheMomentTheApplicationIsReady() throws Exception {
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(UserDirectoryApplication.class).run(
				"--spring.grpc.server.port=0", "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:ready-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE,
				"--spring.grpc.server.health.schedule.period=1h")) {
			int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS);
				for (String name : new String[] { "readiness", "users.v1.UserService" }) {
					assertThat(health.check(HealthCheckRequest.newBuilder().setService(name).build()).getStatus())
						.as(name)
						.isEqualTo(ServingStatus.SERVING);
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

}
