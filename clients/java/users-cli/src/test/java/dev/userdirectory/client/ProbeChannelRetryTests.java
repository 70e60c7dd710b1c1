package dev.userdirectory.client;

import java.nio.file.Path;

import dev.userdirectory.client.cli.ClientCommandLine;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.userdirectory.client.ScriptedUserService.Answer.fail;
import static dev.userdirectory.client.ScriptedUserService.Answer.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client probe} runs the users channel without users-client.yaml's retry policy,
 * so an UNAVAILABLE the channel would otherwise retry into a success is reported as the
 * failure the service gave (here GetUser, which users-client.yaml retries up to four
 * attempts).
 */
class ProbeChannelRetryTests {

	@TempDir
	Path directory;

	private ScriptedUserService server;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedUserService();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void reportsAnUnavailableGetUserAsAFailureOfOneAttemptInsteadOfRetryingIt() throws Exception {
		// The fixture (a CreateUser) succeeds, then the first GetUser sample is refused.
		this.server.script(ok(), fail(Status.UNAVAILABLE.withDescription("scripted outage").asException()));
		Path report = this.directory.resolve("report.json");

		int exitCode = ClientCommandLine.run("probe",
				"--spring.grpc.client.channel.users.target=static://127.0.0.1:" + this.server.port(),
				"--users.client.token=scripted-token", "--users.probe.methods=GetUser", "--users.probe.calls=3",
				"--users.probe.concurrency=1", "--users.probe.warmup=0s", "--users.probe.format=json",
				"--users.probe.output=" + report);

		assertThat(exitCode).as("2 of 3 is below the default min-success-rate of 1.0").isEqualTo(1);
		assertThat(this.server.attempts("GetUser")).as("what reached the server").hasSize(3);
		JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
		assertThat(json.get("run").get("retry_policy")).isEmpty();
		JsonNode getUser = json.get("methods").get(0);
		assertThat(getUser.get("calls").asLong()).isEqualTo(3);
		assertThat(getUser.get("ok").asLong()).isEqualTo(2);
		assertThat(getUser.get("failures").get("UNAVAILABLE").asLong()).isEqualTo(1);
		assertThat(getUser.get("attempts").asLong()).isEqualTo(3);
		assertThat(getUser.get("retries").asLong()).isZero();
		// This server has no DeleteUser: the report says what may be left behind.
		assertThat(json.get("cleanup").get("error").asString()).startsWith("UNIMPLEMENTED");
	}

}
