package dev.userdirectory.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP port: probes and scraping need no token, everything else does. */
@OnH2
class ActuatorSecurityTests extends AbstractGrpcIntegrationTests {

	@LocalServerPort
	private int httpPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void probesAreOpen() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			HttpResponse<String> response = get(path, null);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
		}
	}

	@Test
	void prometheusScrapingIsOpen() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void everythingElseNeedsAValidToken() throws Exception {
		assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/info", "not-a-token").statusCode()).isEqualTo(401);
		assertThat(get("/actuator", null).statusCode()).isEqualTo(401);
		assertThat(get("/anything/else", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/info", TestJwtIssuer.validToken()).statusCode()).isEqualTo(200);
	}

}
