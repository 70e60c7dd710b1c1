package dev.userdirectory.client;

import java.nio.file.Path;
import java.util.UUID;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.support.TestAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UsersClient configured only with standard Spring Security client properties calls the
 * real service, which trusts the same authorization server, on one token for many calls.
 */
class UsersClientOAuth2Tests {

	private static TestAuthorizationServer authorizationServer;

	@TempDir
	static Path directory;

	private static RunningService service;

	@BeforeAll
	static void start() {
		authorizationServer = new TestAuthorizationServer();
		service = new RunningService(directory, false,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + authorizationServer.issuerUri(),
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestAuthorizationServer.CLIENT_ID);
	}

	@AfterAll
	static void stop() {
		service.close();
		authorizationServer.close();
	}

	@Test
	void callsTheServiceWithClientCredentialsFetchedOnce() {
		int port = service.port();
		String registration = "--spring.security.oauth2.client.registration.users.";
		int before = authorizationServer.tokenRequests();
		try (UsersClientContext client = new UsersClientContext(port, "--users.client.token=",
				"--users.client.oauth2.registration-id=users",
				registration + "client-id=" + TestAuthorizationServer.CLIENT_ID,
				registration + "client-secret=" + authorizationServer.clientSecret,
				registration + "authorization-grant-type=client_credentials",
				registration + "scope=users.read,users.write",
				"--spring.security.oauth2.client.provider.users.token-uri=" + authorizationServer.tokenUri())) {
			UsersClient users = client.client();

			// The first call waits for the token: on a loaded machine that can outlast
			// the 5 s default.
			String id = users.withDeadline(java.time.Duration.ofSeconds(60))
				.create(CreateUserRequest.newBuilder()
					.setEmail("oauth2-" + UUID.randomUUID() + "@example.com")
					.setName("Client Credentials")
					.build())
				.getUser()
				.getId();
			for (int call = 0; call < 10; call++) {
				assertThat(users.get(id).getName()).isEqualTo("Client Credentials");
			}
		}

		assertThat(authorizationServer.tokenRequests() - before).isEqualTo(1);
	}

}
