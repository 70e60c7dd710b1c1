package dev.userdirectory.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a real OAuth2 authorization server (Spring Authorization Server): the service
 * knows only its issuer-uri, discovers its keys, and accepts the client-credentials tokens it
 * issues; a token from another authorization server is refused.
 */
class AuthorizationServerTests {

	private static final String CLIENT_ID = "users-e2e-client";

	private static final String CLIENT_SECRET = "e2e-secret-" + UUID.randomUUID();

	private static ConfigurableApplicationContext issuer;

	private static ConfigurableApplicationContext otherIssuer;

	private static ConfigurableApplicationContext service;

	private static ManagedChannel channel;

	@BeforeAll
	static void start() {
		issuer = startAuthorizationServer();
		otherIssuer = startAuthorizationServer();
		service = new SpringApplicationBuilder(UserDirectoryApplication.class).run("--spring.grpc.server.port=0",
				"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:as-e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUri(issuer),
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + CLIENT_ID);
		int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (channel != null) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { service, otherIssuer,
				issuer }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void acceptsAClientCredentialsTokenFromItsIssuer() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub users = stub(clientCredentialsToken(issuer, "users.read users.write"));

		String id = users
			.createUser(CreateUserRequest.newBuilder().setEmail("e2e-" + UUID.randomUUID() + "@example.com").setName("E2E").build())
			.getUser()
			.getId();

		assertThat(users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser().getName()).isEqualTo("E2E");
	}

	@Test
	void enforcesTheScopesTheIssuerGranted() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub readOnly = stub(clientCredentialsToken(issuer, "users.read"));

		assertFails(Status.Code.PERMISSION_DENIED,
				() -> readOnly.createUser(CreateUserRequest.newBuilder().setEmail("ro@example.com").setName("RO").build()))
			.hasReason("MISSING_SCOPE");
	}

	@Test
	void refusesATokenFromAnotherAuthorizationServer() throws Exception {
		UserServiceGrpc.UserServiceBlockingStub stranger = stub(clientCredentialsToken(otherIssuer, "users.read"));

		assertFails(Status.Code.UNAUTHENTICATED,
				() -> stranger.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()))
			.hasReason("INVALID_TOKEN");
	}

	private static UserServiceGrpc.UserServiceBlockingStub stub(String token) {
		return UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(token))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	private static ConfigurableApplicationContext startAuthorizationServer() {
		String client = "spring.security.oauth2.authorizationserver.client.e2e.registration.";
		return new SpringApplicationBuilder(AuthorizationServer.class).run("--server.port=0",
				"--spring.grpc.server.enabled=false", "--spring.autoconfigure.exclude=",
				"--spring.flyway.enabled=false",
				"--spring.datasource.url=jdbc:h2:mem:as-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--" + client + "client-id=" + CLIENT_ID, "--" + client + "client-secret={noop}" + CLIENT_SECRET,
				"--" + client + "client-authentication-methods=client_secret_basic",
				"--" + client + "authorization-grant-types=client_credentials",
				"--" + client + "scopes=users.read,users.write,chat");
	}

	private static String issuerUri(ConfigurableApplicationContext authorizationServer) {
		return "http://127.0.0.1:" + authorizationServer.getEnvironment().getRequiredProperty("local.server.port");
	}

	private static String clientCredentialsToken(ConfigurableApplicationContext authorizationServer, String scope)
			throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri(authorizationServer) + "/oauth2/token"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		assertThat(token.find()).as(response.body()).isTrue();
		return token.group(1);
	}

	/** A bare Spring Authorization Server, configured only by properties; it scans nothing. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class AuthorizationServer {

	}

}
