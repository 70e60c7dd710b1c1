package com.example.onboarding;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * users.v1 as its team ships it, a jar, started in its dev profile (an H2 database in a
 * scratch directory, and a token printed at start-up) for this application's tests to
 * call over a socket.
 */
final class UsersServiceProcess {

	private static final Pattern PRINTED_TOKEN = Pattern.compile("(?m)^\\s*(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)\\s*$");

	final int port;

	final String token;

	private final Process process;

	private UsersServiceProcess(int port, String token, Process process) {
		this.port = port;
		this.token = token;
		this.process = process;
	}

	static UsersServiceProcess start() throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("users.service.jar", "users-service.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("users.v1's jar is missing at " + jar + " (-Dusers.service.jar=...)");
		}
		Path workDirectory = Files.createTempDirectory("users-service");
		Path output = workDirectory.resolve("output.log");
		int port = freePort();
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toAbsolutePath().toString(), "--spring.profiles.active=dev", "--spring.grpc.server.port=" + port,
				"--server.port=0",
				// Its 3 s fail-fast on a missing database connection is too short on a
				// busy CI machine.
				"--spring.datasource.hikari.connection-timeout=30000")
			.directory(workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < giveUp && process.isAlive()) {
			Optional<String> token = PRINTED_TOKEN.matcher(Files.readString(output))
				.results()
				.map((m) -> m.group(1))
				.findFirst();
			if (token.isPresent()) {
				return new UsersServiceProcess(port, token.get(), process);
			}
			Thread.sleep(200);
		}
		process.destroyForcibly();
		throw new IllegalStateException("users.v1 did not start:\n" + Files.readString(output));
	}

	void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
