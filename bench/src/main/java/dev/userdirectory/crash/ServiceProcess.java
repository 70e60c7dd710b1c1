package dev.userdirectory.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The service as its users run it: {@code java -jar} in a working directory of its own
 * (where the embedded database and the dev profile's signing key live), killed with
 * SIGKILL, started again.
 */
final class ServiceProcess {

	private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	private final Path jar;

	private final Path workDir;

	private final int grpcPort;

	private final int httpPort;

	private final List<String> extraArgs;

	private Process process;

	private int starts;

	ServiceProcess(Path jar, Path workDir, int grpcPort, List<String> extraArgs) {
		this(jar, workDir, grpcPort, 0, extraArgs);
	}

	/**
	 * @param httpPort the actuator's port, 0 for any free one
	 */
	ServiceProcess(Path jar, Path workDir, int grpcPort, int httpPort, List<String> extraArgs) {
		this.jar = jar;
		this.workDir = workDir;
		this.grpcPort = grpcPort;
		this.httpPort = httpPort;
		this.extraArgs = extraArgs;
	}

	/**
	 * Starts the service and waits until gRPC health says SERVING; returns the dev token
	 * it printed.
	 */
	String start(Duration limit) throws Exception {
		this.starts++;
		Path log = this.workDir.resolve("service-" + this.starts + ".log");
		List<String> command = new ArrayList<>(
				List.of("java", "-jar", this.jar.toString(), "--spring.profiles.active=dev",
						"--spring.grpc.server.port=" + this.grpcPort, "--server.port=" + this.httpPort));
		command.addAll(this.extraArgs);
		this.process = new ProcessBuilder(command).directory(this.workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the service exited with " + this.process.exitValue() + "; see " + log);
			}
			Matcher token = TOKEN.matcher(Files.readString(log));
			if (token.find() && serving()) {
				return token.group();
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the service did not become SERVING within " + limit + "; see " + log);
	}

	/**
	 * SIGKILL: no shutdown hook, no graceful close of the database, as the OOM killer
	 * does it.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * SIGTERM, the graceful stop, so the database files can be opened by a checker
	 * afterwards.
	 */
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	ManagedChannel channel() {
		return NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort).usePlaintext().build();
	}

	private boolean serving() throws IOException, InterruptedException {
		ManagedChannel channel = channel();
		try {
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("readiness").build())
				.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
		}
		catch (RuntimeException notYet) {
			return false;
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
