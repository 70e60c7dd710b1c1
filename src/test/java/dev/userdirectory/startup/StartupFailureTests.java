package dev.userdirectory.startup;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.support.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way a newcomer fails to start the service ends with one short message saying what
 * to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@Test
	void aSecondProcessOnTheSameDataDirectoryIsToldToUseItsOwn(@TempDir Path data, CapturedOutput output)
			throws Exception {
		String file = "jdbc:h2:file:" + data.resolve("users");
		// Another process holding the file, as an instance started in another terminal
		// does: within
		// one JVM H2 would share the open database instead of refusing it.
		Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", file, "-user", "sa", "-password",
				"")
			.redirectErrorStream(true)
			.start();
		try {
			awaitOutput(holder, "Commands are case insensitive");
			String report = FailedStart.report(output, "--spring.datasource.url=" + file + ";DB_CLOSE_ON_EXIT=FALSE");
			assertThat(report)
				.contains("The H2 database " + data.resolve("users.mv.db") + " is in use by another process")
				.contains("--spring.datasource.url=jdbc:h2:file:./data-2/users")
				.doesNotContain("server mode");
		}
		finally {
			holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private static void awaitOutput(Process process, String expected) throws IOException {
		StringBuilder printed = new StringBuilder();
		InputStream out = process.getInputStream();
		for (int next = out.read(); next >= 0; next = out.read()) {
			printed.append((char) next);
			if (printed.indexOf(expected) >= 0) {
				return;
			}
		}
		throw new IllegalStateException("the H2 shell ended without connecting: " + printed);
	}

	@Test
	void aTakenGrpcPortIsNamedWithTheOptionThatMovesIt(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
			String report = FailedStart.report(output, "--spring.grpc.server.port=" + taken.getLocalPort());
			assertThat(report).contains("The gRPC port " + taken.getLocalPort() + " is already in use")
				.contains("--spring.grpc.server.port=9091");
		}
	}

	@Test
	void anUnreachableDatabaseIsNamedWithoutItsParameters(CapturedOutput output) throws IOException {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0)) {
			closedPort = probe.getLocalPort();
		}
		String report = FailedStart.report(output,
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/users?password=hunter2");
		assertThat(report)
			.contains("Could not connect to the database at jdbc:postgresql://127.0.0.1:" + closedPort + "/users:")
			.contains("refused")
			.contains("Start the database, or point spring.datasource.url")
			.doesNotContain("hunter2");
	}

}
