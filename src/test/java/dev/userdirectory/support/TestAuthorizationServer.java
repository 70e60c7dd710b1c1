package dev.userdirectory.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OAuth2 authorization server (Spring Authorization Server) in its own
 * application, with one client allowed the client-credentials grant for the service's
 * scopes; it counts the token requests it answers.
 */
public final class TestAuthorizationServer implements AutoCloseable {

	public static final String CLIENT_ID = "users-e2e-client";

	public final String clientSecret = "e2e-secret-" + UUID.randomUUID();

	private final ConfigurableApplicationContext context;

	public TestAuthorizationServer() {
		String client = "spring.security.oauth2.authorizationserver.client.e2e.registration.";
		this.context = new SpringApplicationBuilder(AuthorizationServer.class).run("--server.port=0",
				"--spring.grpc.server.enabled=false", "--spring.autoconfigure.exclude=",
				"--spring.flyway.enabled=false",
				// It borrows the service's application.yaml, whose readiness group names
				// the
				// service's own health indicators, which this application does not have.
				"--management.endpoint.health.validate-group-membership=false",
				"--spring.datasource.url=jdbc:h2:mem:as-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--" + client + "client-id=" + CLIENT_ID, "--" + client + "client-secret={noop}" + this.clientSecret,
				"--" + client + "client-authentication-methods=client_secret_basic",
				"--" + client + "authorization-grant-types=client_credentials",
				"--" + client + "scopes=users.read,users.write,chat");
	}

	public String issuerUri() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getRequiredProperty("local.server.port");
	}

	public String tokenUri() {
		return issuerUri() + "/oauth2/token";
	}

	/** Token requests answered so far. */
	public int tokenRequests() {
		return this.context.getBean(TokenRequestCounter.class).count.get();
	}

	/**
	 * A client-credentials token for {@code scope}, fetched as any OAuth2 client would.
	 */
	public String clientCredentialsToken(String scope) throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + this.clientSecret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUri()))
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

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * A bare Spring Authorization Server, configured only by properties; it scans
	 * nothing.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class AuthorizationServer {

		@Bean
		TokenRequestCounter tokenRequestCounter() {
			return new TokenRequestCounter();
		}

	}

	/**
	 * Ahead of Spring Security's filters: the token endpoint answers without passing
	 * requests on.
	 */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class TokenRequestCounter extends OncePerRequestFilter {

		final AtomicInteger count = new AtomicInteger();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getRequestURI().equals("/oauth2/token")) {
				this.count.incrementAndGet();
			}
			chain.doFilter(request, response);
		}

	}

}
