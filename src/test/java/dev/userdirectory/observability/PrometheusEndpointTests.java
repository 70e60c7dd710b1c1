package dev.userdirectory.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a Prometheus scrape of /actuator/prometheus finds after some calls. */
@OnH2
class PrometheusEndpointTests extends AbstractGrpcIntegrationTests {

	@LocalServerPort
	private int httpPort;

	private String scrape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Test
	void exposesPerMethodLatencyHistogramsWithStatusesAndStreamMessageCounts() throws Exception {
		String email = "metrics-" + UUID.randomUUID() + "@example.com";
		this.users.createUser(CreateUserRequest.newBuilder().setEmail(email).setName("M").addTags("metrics").build());
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(
				() -> this.users.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		this.users.listUsers(ListUsersRequest.newBuilder().setFilter("tag = \"metrics\"").build())
			.forEachRemaining((message) -> {
			});

		String metrics = scrape();

		assertThat(metrics).containsPattern(
				"grpc_server_seconds_bucket\\{.*grpc_status_code=\"NOT_FOUND\".*rpc_method=\"GetUser\".*le=\"[0-9.]+\"\\}")
			.containsPattern(
					"grpc_server_seconds_count\\{.*grpc_status_code=\"OK\".*rpc_method=\"CreateUser\".*\\} [1-9]")
			.containsPattern(
					"grpc_server_messages_sent_total\\{rpc_method=\"ListUsers\",rpc_service=\"users.v1.UserService\"\\} [1-9]")
			.containsPattern(
					"grpc_server_calls_open\\{rpc_method=\"GetUser\",rpc_service=\"users.v1.UserService\"\\} 0.0")
			// Counted once, by the per-call counters above, not again per message by the
			// observation.
			.doesNotContain("grpc_server_sent_total", "grpc_server_received_total")
			// Open calls are grpc_server_calls_open; no long-task timer is started per
			// call.
			.doesNotContain("grpc_server_active_seconds")
			.contains("users_stored", "users_change_feed_lag", "users_watch_active", "hikaricp_connections_active",
					"jvm_memory_used_bytes");
	}

}
