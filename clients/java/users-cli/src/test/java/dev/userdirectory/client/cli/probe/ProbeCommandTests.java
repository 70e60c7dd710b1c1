package dev.userdirectory.client.cli.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.userdirectory.client.RunningService;
import dev.userdirectory.client.UsersClientContext;
import dev.userdirectory.client.cli.ClientCommandLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code probe}, as a user runs it, against the real service (its jar) over a socket:
 * every method exercised, the JSON report, the exit code, and nothing of the run left
 * behind.
 */
class ProbeCommandTests {

	private static final List<String> ALL_METHODS = List.of("GetUser", "CreateUser", "UpdateUser", "DeleteUser",
			"ListUsers", "WatchUserChanges", "CreateUsers", "UploadUserData", "DownloadUserData", "Chat",
			"CollaborativeEdit", "BatchGetUsers", "UndeleteUser", "DeactivateUser", "ReactivateUser");

	@TempDir
	static Path serviceDirectory;

	private static RunningService service;

	@TempDir
	Path directory;

	@BeforeAll
	static void startService() {
		service = new RunningService(serviceDirectory);
	}

	@AfterAll
	static void stopService() {
		service.close();
	}

	@Test
	void exercisesEveryMethodSuccessfullyAndDeletesEverythingItCreated() throws IOException {
		Path report = this.directory.resolve("report.json");

		int exitCode = probe(service.token(), report, "--users.probe.calls=6", "--users.probe.concurrency=2",
				"--users.probe.headers=x-probe-run=ci");

		assertThat(exitCode).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
		assertThat(json.get("schema").asString()).isEqualTo("users.v1.probe/v1");
		assertThat(json.get("passed").asBoolean()).isTrue();
		JsonNode run = json.get("run");
		assertThat(run.get("target").asString()).isEqualTo(service.target());
		assertThat(run.get("concurrency").asInt()).isEqualTo(2);
		assertThat(run.get("mode").asString()).isEqualTo("calls");
		assertThat(run.get("calls_per_method").asInt()).isEqualTo(6);
		assertThat(run.get("retry_policy")).as("the probe's channel retries nothing").isEmpty();
		assertThat(run.get("headers").get(0).asString()).isEqualTo("x-probe-run");
		List<String> methods = new ArrayList<>();
		for (JsonNode method : json.get("methods")) {
			String name = method.get("method").asString();
			methods.add(name);
			assertThat(method.get("calls").asLong()).as(name).isEqualTo(6);
			assertThat(method.get("ok").asLong()).as(name).isEqualTo(6);
			assertThat(method.get("success_rate").asDouble()).as(name).isEqualTo(1.0);
			assertThat(method.get("failures").isEmpty()).as(name).isTrue();
			JsonNode latency = method.get("latency_ms");
			assertThat(latency.get("min").asDouble()).as(name).isPositive();
			assertThat(latency.get("p50").asDouble()).as(name).isGreaterThanOrEqualTo(latency.get("min").asDouble());
			assertThat(latency.get("p95").asDouble()).as(name).isGreaterThanOrEqualTo(latency.get("p50").asDouble());
			assertThat(latency.get("p99").asDouble()).as(name).isGreaterThanOrEqualTo(latency.get("p95").asDouble());
			assertThat(latency.get("max").asDouble()).as(name).isGreaterThanOrEqualTo(latency.get("p99").asDouble());
			assertThat(latency.get("avg").asDouble()).as(name)
				.isBetween(latency.get("min").asDouble(), latency.get("max").asDouble());
			assertThat(method.get("throughput_per_s").asDouble()).as(name).isPositive();
			// Every call of every sample reported its attempts, and none was retried.
			assertThat(method.get("rpcs").asLong()).as(name).isGreaterThanOrEqualTo(6);
			assertThat(method.get("attempts").asLong()).as(name).isEqualTo(method.get("rpcs").asLong());
			assertThat(method.get("retries").asLong()).as(name).isZero();
		}
		assertThat(methods).isEqualTo(ALL_METHODS);

		String runTag = run.get("run_tag").asString();
		assertThat(json.get("cleanup").get("error").isNull()).isTrue();
		assertThat(json.get("cleanup").get("deleted").asLong()).isPositive();
		try (UsersClientContext client = new UsersClientContext(service.port(),
				"--users.client.token=" + service.token())) {
			assertThat(client.client().list("tag = \"" + runTag + "\"", 100).count()).as("users the run created")
				.isZero();
		}
	}

	@Test
	void reportsAMethodTheTokenMayNotCallAsPermissionDeniedAndExitsNonZero() throws IOException {
		Path report = this.directory.resolve("report.json");
		String withoutChat = service.token("users.read", "users.write");

		int exitCode = probe(withoutChat, report, "--users.probe.calls=3", "--users.probe.concurrency=1",
				"--users.probe.methods=GetUser,Chat");

		assertThat(exitCode).isEqualTo(1);
		JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
		assertThat(json.get("passed").asBoolean()).isFalse();
		Map<String, JsonNode> methods = byName(json);
		assertThat(methods).containsOnlyKeys("GetUser", "Chat");
		assertThat(methods.get("GetUser").get("success_rate").asDouble()).isEqualTo(1.0);
		JsonNode chat = methods.get("Chat");
		assertThat(chat.get("calls").asLong()).isEqualTo(3);
		assertThat(chat.get("failed").asLong()).isEqualTo(3);
		assertThat(chat.get("success_rate").asDouble()).isZero();
		assertThat(chat.get("failures").properties()).singleElement().satisfies((failure) -> {
			assertThat(failure.getKey()).isEqualTo("PERMISSION_DENIED");
			assertThat(failure.getValue().asLong()).isEqualTo(3);
		});
		assertThat(chat.get("latency_ms").isNull()).as("no successful sample to time").isTrue();
		assertThat(chat.get("failed_latency_ms").get("max").asDouble()).isPositive();
		assertThat(json.get("failed_checks")).singleElement()
			.satisfies((check) -> assertThat(check.asString()).startsWith("Chat: success rate 0.00%"));
	}

	@Test
	void writesAnAlignedTableWithARowPerMethod() throws IOException {
		Path report = this.directory.resolve("report.txt");

		int exitCode = probe(service.token(), report, "--users.probe.format=text", "--users.probe.calls=2",
				"--users.probe.concurrency=1", "--users.probe.methods=users.v1.UserService/GetUser,ListUsers");

		assertThat(exitCode).isZero();
		List<String> lines = Files.readAllLines(report);
		int header = lines
			.indexOf(lines.stream().filter((line) -> line.startsWith("method ")).findFirst().orElseThrow());
		assertThat(lines.get(header + 1)).startsWith("GetUser ");
		assertThat(lines.get(header + 2)).startsWith("ListUsers ");
		// Right-aligned numbers: each row's p99 ends where the header's does.
		int p99End = lines.get(header).indexOf("p99") + 3;
		assertThat(lines.get(header + 1).charAt(p99End - 1)).isNotEqualTo(' ');
		assertThat(lines.get(header + 1).charAt(p99End)).isEqualTo(' ');
		assertThat(lines).anySatisfy((line) -> assertThat(line).startsWith("PASS: "));
	}

	@Test
	void measuresForADurationAfterAWarmUpWhoseSamplesItDoesNotCount() throws IOException {
		Path report = this.directory.resolve("report.json");
		double getUsersBefore = serverCalls("GetUser");

		int exitCode = probe(service.token(), report, "--users.probe.methods=GetUser", "--users.probe.duration=1500ms",
				"--users.probe.warmup=1s", "--users.probe.concurrency=2");

		assertThat(exitCode).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
		assertThat(json.get("run").get("mode").asString()).isEqualTo("duration");
		assertThat(json.get("run").get("duration_s").asDouble()).isEqualTo(1.5);
		assertThat(json.get("run").get("warmup_s").asDouble()).isEqualTo(1.0);
		JsonNode getUser = json.get("methods").get(0);
		long measured = getUser.get("calls").asLong();
		assertThat(measured).isPositive();
		// The window runs from the end of the warm-up to the end of the last sample
		// started in it.
		assertThat(getUser.get("window_s").asDouble()).isBetween(1.5, 10.0);
		// Both figures are rounded in the report (window to the millisecond), hence a
		// relative margin.
		assertThat(getUser.get("throughput_per_s").asDouble()).isCloseTo(measured / getUser.get("window_s").asDouble(),
				org.assertj.core.api.Assertions.withinPercentage(0.5));
		assertThat(serverCalls("GetUser") - getUsersBefore).as("calls the service saw, warm-up included")
			.isGreaterThan(measured);
	}

	private static double serverCalls(String method) {
		return service.callsServed(method);
	}

	/**
	 * Runs {@code client probe} as a user would, small and fast unless {@code options}
	 * say otherwise.
	 */
	private int probe(String token, Path report, String... options) {
		List<String> args = new ArrayList<>(
				List.of("probe", "--spring.grpc.client.channel.users.target=" + service.target(),
						"--users.client.token=" + token, "--users.probe.output=" + report));
		args.addAll(List.of(options));
		for (String fallback : List.of("--users.probe.warmup=0s", "--users.probe.format=json",
				"--users.probe.delete-stock=4", "--users.probe.list-page-size=5", "--users.probe.data-size=100KB")) {
			String option = fallback.substring(0, fallback.indexOf('=') + 1);
			if (args.stream().noneMatch((arg) -> arg.startsWith(option))) {
				args.add(fallback);
			}
		}
		return ClientCommandLine.run(args.toArray(String[]::new));
	}

	private static Map<String, JsonNode> byName(JsonNode json) {
		Map<String, JsonNode> methods = new java.util.LinkedHashMap<>();
		json.get("methods").forEach((method) -> methods.put(method.get("method").asString(), method));
		return methods;
	}

}
