package dev.userdirectory.support;

import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole service, with its real Netty gRPC server on a free port, and talks to
 * it over a socket through generated stubs, as any client would. Which database it runs
 * on is chosen by {@link OnH2} or {@link OnPostgres} on the concrete test class.
 */
@SpringBootTest(classes = UserDirectoryApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0", "spring.jpa.hibernate.ddl-auto=validate",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
				"spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE,
				"spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,ES256" })
public abstract class AbstractGrpcIntegrationTests {

	@DynamicPropertySource
	static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestJwtIssuer::jwkSetUri);
	}

	@LocalGrpcServerPort
	protected int grpcPort;

	/**
	 * For checking what reached the database; never for arranging state behind the API's
	 * back.
	 */
	@Autowired
	protected JdbcTemplate jdbc;

	protected ManagedChannel channel;

	/** Calls users.v1 with a valid token carrying every scope. */
	protected UserServiceGrpc.UserServiceBlockingStub users;

	@BeforeEach
	void openChannel() {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
		this.users = UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(30, TimeUnit.SECONDS);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
