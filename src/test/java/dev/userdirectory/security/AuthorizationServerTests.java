package dev.userdirectory.security;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.TestAuthorizationServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a real OAuth2 authorization server (Spring Authorization Server): the
 * service knows only its issuer-uri, discovers its keys, and accepts the
 * client-credentials tokens it issues; a token from another authorization server is
 * refused.
 */
class AuthorizationServerTests {

	private static TestAuthorizationServer issuer;

	private static TestAuthorizationServer otherIssuer;

	private static ConfigurableApplicationContext service;

	private static ManagedChannel channel;

	@BeforeAll
	static void start() {
		issuer = new TestAuthorizationServer();
		otherIssuer = new TestAuthorizationServer();
		service = new SpringApplicationBuilder(UserDirectoryApplication.class).run("--spring.grpc.server.port=0",
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:as-e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuerUri(),
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestAuthorizationServer.CLIENT_ID);
		int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (channel != null) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (service != null) {
			service.close();
		}
		for (TestAuthorizationServer authorizationServer : new TestAuthorizationServer[] { otherIssuer, issuer }) {
			if (authorizationServer != null) {
				authorizationServer.close();
			}
		}
	}

	@Test
	void acceptsAClientCredentialsTokenFromItsIssuer() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub users = stub(issuer.clientCredentialsToken("users.read users.write"));

		String id = users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("e2e-" + UUID.randomUUID() + "@example.com")
				.setName("E2E")
				.build())
			.getUser()
			.getId();

		assertThat(users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser().getName()).isEqualTo("E2E");
	}

	@Test
	void enforcesTheScopesTheIssuerGranted() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub readOnly = stub(issuer.clientCredentialsToken("users.read"));

		assertFails(Status.Code.PERMISSION_DENIED,
				() -> readOnly
					.createUser(CreateUserRequest.newBuilder().setEmail("ro@example.com").setName("RO").build()))
			.hasReason("MISSING_SCOPE");
	}

	@Test
	void refusesATokenFromAnotherAuthorizationServer() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub stranger = stub(otherIssuer.clientCredentialsToken("users.read"));

		assertFails(Status.Code.UNAUTHENTICATED,
				() -> stranger.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()))
			.hasReason("INVALID_TOKEN");
	}

	private static UserServiceGrpc.UserServiceBlockingStub stub(String token) {
		return UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(token))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

}
