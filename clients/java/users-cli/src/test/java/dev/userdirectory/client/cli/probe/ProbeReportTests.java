package dev.userdirectory.client.cli.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeReportTests {

	private static final Latency LATENCY = new Latency(0.5, 2.25, 1.875, 6.5, 12.0, 40.125);

	private static final MethodReport GET_USER = new MethodReport("GetUser", "users.v1.UserService/GetUser",
			"one GetUser", 1000, 0, Map.of(), LATENCY, null, 10.0, 1000, 1003, null);

	private static final MethodReport CHAT = new MethodReport("Chat", "users.v1.UserService/Chat", "one Chat", 7, 3,
			Map.of("PERMISSION_DENIED", 2L, "DEADLINE_EXCEEDED", 1L), LATENCY, new Latency(1, 1, 1, 1, 1, 5000), 10.0,
			10, 10, null);

	private static final MethodReport UPLOAD = new MethodReport("UploadUserData", "users.v1.UserService/UploadUserData",
			"one upload", 0, 0, Map.of(), null, null, 0, 0, 0, "PERMISSION_DENIED: missing scope");

	private static ProbeReport report(double minSuccessRate, MethodReport... methods) {
		return new ProbeReport(
				new ProbeReport.Run("static://localhost:9090", "probe-0123456789ab",
						Instant.parse("2026-11-24T12:00:00Z"), 8, Duration.ofSeconds(10), 0, Duration.ofSeconds(2),
						minSuccessRate, List.of(), List.of("x-tenant")),
				List.of(methods), new Fixtures.Cleanup(1234, 0, null));
	}

	@Test
	void passesOnlyWhenEveryMethodRanAndReachedTheMinimumSuccessRate() {
		assertThat(report(1.0, GET_USER).passed()).isTrue();
		assertThat(report(1.0, GET_USER, CHAT).failedChecks()).containsExactly("Chat: success rate 70.00% < 100.00%");
		assertThat(report(0.7, GET_USER, CHAT).passed()).isTrue();
		assertThat(report(0.0, UPLOAD).failedChecks()).containsExactly(
				"UploadUserData: not run, its fixtures could not be made: PERMISSION_DENIED: missing scope");
	}

	@Test
	void neverRoundsASuccessRateBelowTheMinimumUpTo100Percent() {
		MethodReport oneInAMillionFailed = new MethodReport("GetUser", "users.v1.UserService/GetUser", "", 999_999, 1,
				Map.of("UNAVAILABLE", 1L), LATENCY, LATENCY, 10, 1_000_000, 1_000_000, null);

		assertThat(report(1.0, oneInAMillionFailed).failedChecks())
			.containsExactly("GetUser: success rate 99.99% < 100.00%");
	}

	@Test
	void alignsTheTextTableAndListsFailuresMostFrequentFirst() {
		String text = report(1.0, GET_USER, CHAT, UPLOAD).text();

		List<String> lines = text.lines().toList();
		assertThat(lines.get(0)).isEqualTo("users.v1 probe of static://localhost:9090: 3 methods, 8 in flight each, "
				+ "measured for 10 s after a 2 s warm-up");
		assertThat(lines.get(1))
			.isEqualTo("started 2026-11-24T12:00:00Z, run tag probe-0123456789ab, channel retries: none, "
					+ "extra headers: x-tenant");
		assertThat(lines.subList(3, 7)).containsExactly(
				"method          calls    ok  failed  success   min   avg   p50   p95    p99    max  calls/s  retries  failures",
				"GetUser          1000  1000       0  100.00%  0.50  2.25  1.88  6.50  12.00  40.13    100.0        3",
				"Chat               10     7       3   70.00%  0.50  2.25  1.88  6.50  12.00  40.13      1.0        0  PERMISSION_DENIED=2 DEADLINE_EXCEEDED=1",
				"UploadUserData      -     -       -        -     -     -     -     -      -      -        -        -  not run: fixtures failed: PERMISSION_DENIED: missing scope");
		assertThat(lines).contains("cleanup: deleted 1234 users tagged probe-0123456789ab, none left",
				"FAIL: Chat: success rate 70.00% < 100.00%");
	}

	@Test
	void writesTheDocumentedJsonSchema() {
		JsonNode json = JsonMapper.builder().build().readTree(report(1.0, GET_USER, CHAT).json());

		assertThat(json.get("schema").asString()).isEqualTo("users.v1.probe/v1");
		assertThat(json.get("run").propertyNames()).containsExactly("target", "run_tag", "started_at", "concurrency",
				"mode", "duration_s", "calls_per_method", "warmup_s", "min_success_rate", "retry_policy", "headers");
		assertThat(json.get("run").get("mode").asString()).isEqualTo("duration");
		assertThat(json.get("run").get("duration_s").asDouble()).isEqualTo(10.0);
		assertThat(json.get("run").get("calls_per_method").isNull()).isTrue();
		JsonNode chat = json.get("methods").get(1);
		assertThat(chat.propertyNames()).containsExactly("method", "full_method", "sample", "calls", "ok", "failed",
				"success_rate", "failures", "latency_ms", "failed_latency_ms", "window_s", "throughput_per_s",
				"ok_per_s", "rpcs", "attempts", "retries", "setup_error", "passed");
		assertThat(chat.get("calls").asLong()).isEqualTo(10);
		assertThat(chat.get("success_rate").asDouble()).isEqualTo(0.7);
		assertThat(chat.get("failures").get("PERMISSION_DENIED").asLong()).isEqualTo(2);
		assertThat(chat.get("latency_ms").propertyNames()).containsExactly("min", "avg", "p50", "p95", "p99", "max");
		assertThat(chat.get("latency_ms").get("p99").asDouble()).isEqualTo(12.0);
		assertThat(chat.get("failed_latency_ms").get("max").asDouble()).isEqualTo(5000.0);
		assertThat(chat.get("throughput_per_s").asDouble()).isEqualTo(1.0);
		assertThat(chat.get("ok_per_s").asDouble()).isEqualTo(0.7);
		assertThat(json.get("methods").get(0).get("retries").asLong()).isEqualTo(3);
		assertThat(json.get("passed").asBoolean()).isFalse();
		assertThat(json.get("failed_checks").get(0).asString()).isEqualTo("Chat: success rate 70.00% < 100.00%");
		assertThat(json.get("cleanup").get("deleted").asLong()).isEqualTo(1234);
	}

}
