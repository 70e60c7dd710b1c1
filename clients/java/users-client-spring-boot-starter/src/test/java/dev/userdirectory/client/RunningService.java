package dev.userdirectory.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real service, its jar ({@code users.service.jar}, the root build's) started as a
 * process in the dev profile on an H2 database of its own, as a developer runs it. A call
 * needs the token the dev profile prints. Restarting keeps the port, the database and the
 * dev signing key, so tokens and resume tokens stay valid across it.
 */
public final class RunningService implements AutoCloseable {

	private static final Pattern TOKEN = Pattern.compile("^\\s*(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)\\s*$",
			Pattern.MULTILINE);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final Path jar;

	private final Path directory;

	private final int grpcPort = freePort();

	private final int httpPort = freePort();

	private final boolean devProfile;

	private final List<String> arguments;

	private Process process;

	private int starts;

	private String token;

	/** The service as a developer runs it: the dev profile, which prints a token. */
	public RunningService(Path directory) {
		this(directory, true);
	}

	/**
	 * With {@code devProfile} false the arguments must say how tokens are validated (e.g.
	 * spring.security.oauth2.resourceserver.jwt.*), and {@link #token()} is null.
	 */
	public RunningService(Path directory, boolean devProfile, String... arguments) {
		String jarPath = System.getProperty("users.service.jar");
		if (jarPath == null || !Files.isRegularFile(Path.of(jarPath))) {
			throw new IllegalStateException("No service jar at users.service.jar=" + jarPath
					+ ": build it first (./mvnw -DskipTests package in the repository root)");
		}
		this.jar = Path.of(jarPath);
		this.directory = directory;
		this.devProfile = devProfile;
		this.arguments = List.of(arguments);
		start();
	}

	public int port() {
		return this.grpcPort;
	}

	public String target() {
		return "static://127.0.0.1:" + this.grpcPort;
	}

	/** The dev profile's token: scopes users.read, users.write and chat. */
	public String token() {
		return this.token;
	}

	/**
	 * Calls of {@code method} the service has answered, by its own Prometheus metrics.
	 */
	public double callsServed(String method) {
		try {
			String scrape = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/prometheus"))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			return scrape.lines()
				.filter((line) -> line.startsWith("grpc_server_seconds_count{")
						&& line.contains("rpc_method=\"" + method + "\""))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A token with only these scopes, signed with the dev profile's key (kept in the
	 * service's data directory) as the dev profile signs its own.
	 */
	public String token(String... scopes) {
		try {
			com.nimbusds.jose.jwk.JWK key = com.nimbusds.jose.jwk.JWK
				.parse(Files.readString(this.directory.resolve("data/dev-jwt-signing-key.json")));
			// The dev profile generates an EC key; key files of earlier versions hold
			// RSA.
			boolean ec = key instanceof com.nimbusds.jose.jwk.ECKey;
			java.time.Instant now = java.time.Instant.now();
			com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
					new com.nimbusds.jose.JWSHeader.Builder(
							ec ? com.nimbusds.jose.JWSAlgorithm.ES256 : com.nimbusds.jose.JWSAlgorithm.RS256)
						.keyID(key.getKeyID())
						.build(),
					new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("users-dev")
						.subject("test-user")
						// The dev profile's decoder checks the audience as production
						// does.
						.audience("users.v1")
						.issueTime(java.util.Date.from(now))
						.notBeforeTime(java.util.Date.from(now))
						.expirationTime(java.util.Date.from(now.plus(Duration.ofHours(1))))
						.claim("scope", String.join(" ", scopes))
						.build());
			jwt.sign(ec ? new com.nimbusds.jose.crypto.ECDSASigner(key.toECKey())
					: new com.nimbusds.jose.crypto.RSASSASigner(key.toRSAKey()));
			return jwt.serialize();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.text.ParseException | com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path directory() {
		return this.directory;
	}

	public void restart() {
		stop();
		start();
	}

	@Override
	public void close() {
		stop();
	}

	private void start() {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-jar", this.jar.toString(),
				"--spring.grpc.server.port=" + this.grpcPort, "--server.port=" + this.httpPort,
				// The service fails a call after 3 s without a connection (a database
				// outage); on a
				// busy build machine H2 may take longer than that to create the file's
				// first one.
				"--spring.datasource.hikari.connection-timeout=30000"));
		if (this.devProfile) {
			command.add("--spring.profiles.active=dev");
		}
		command.addAll(this.arguments);
		// A log per start, so that a restart's token is not mistaken for the last one's.
		Path log = this.directory.resolve("service-" + (++this.starts) + ".log");
		try {
			this.process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			this.token = awaitToken(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The dev profile prints its token once the gRPC server listens; without it, the port
	 * is enough.
	 */
	private String awaitToken(Path log) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The service exited with " + this.process.exitValue() + ":\n" + Files.readString(log));
			}
			Matcher matcher = TOKEN.matcher(Files.readString(log));
			String last = null;
			while (matcher.find()) {
				last = matcher.group(1);
			}
			if ((last != null || !this.devProfile) && listening()) {
				return last;
			}
			sleep(Duration.ofMillis(100));
		}
		stop();
		throw new IllegalStateException(
				"The service did not start within " + START_TIMEOUT + ":\n" + Files.readString(log));
	}

	private boolean listening() {
		try (Socket socket = new Socket("127.0.0.1", this.grpcPort)) {
			return true;
		}
		catch (IOException notYet) {
			return false;
		}
	}

	private void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
