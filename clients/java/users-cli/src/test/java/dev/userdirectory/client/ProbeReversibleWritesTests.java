package dev.userdirectory.client;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.userdirectory.client.cli.ClientCommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client probe} of the users.v1.1 methods against a scripted service: a sample of
 * a status write is the write, then the opposite write that makes the next sample
 * possible, both counted as the sample's calls; a BatchGetUsers sample is one call. (The
 * real service's answers are in ProbeCommandTests.)
 */
class ProbeReversibleWritesTests {

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
	void aStatusWriteSampleIsTheWriteAndItsUndoAndABatchGetOneCall() throws Exception {
		Path report = this.directory.resolve("report.json");

		int exitCode = ClientCommandLine.run("probe",
				"--spring.grpc.client.channel.users.target=static://127.0.0.1:" + this.server.port(),
				"--users.client.token=scripted-token",
				"--users.probe.methods=BatchGetUsers,DeactivateUser,ReactivateUser", "--users.probe.calls=3",
				"--users.probe.concurrency=1", "--users.probe.warmup=0s", "--users.probe.batch-size=4",
				"--users.probe.format=json", "--users.probe.output=" + report);

		assertThat(exitCode).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
		Map<String, JsonNode> methods = new HashMap<>();
		json.get("methods").forEach((method) -> methods.put(method.get("method").asString(), method));
		assertThat(methods).containsOnlyKeys("BatchGetUsers", "DeactivateUser", "ReactivateUser");
		methods.values().forEach((method) -> {
			assertThat(method.get("calls").asLong()).isEqualTo(3);
			assertThat(method.get("ok").asLong()).isEqualTo(3);
		});
		assertThat(methods.get("BatchGetUsers").get("rpcs").asLong()).isEqualTo(3);
		assertThat(methods.get("DeactivateUser").get("rpcs").asLong()).isEqualTo(6);
		assertThat(methods.get("ReactivateUser").get("rpcs").asLong()).isEqualTo(6);
		assertThat(this.server.attempts("BatchGetUsers")).hasSize(3)
			.allSatisfy((attempt) -> assertThat(
					((dev.userdirectory.api.v1.BatchGetUsersRequest) attempt.request()).getIdsCount())
				.isEqualTo(4));
		// DeactivateUser: 3 samples, 3 undos of ReactivateUser's samples, and 1 to
		// prepare
		// ReactivateUser's user; ReactivateUser: 3 samples and 3 undos.
		assertThat(this.server.attempts("DeactivateUser")).hasSize(7);
		assertThat(this.server.attempts("ReactivateUser")).hasSize(6);
	}

}
