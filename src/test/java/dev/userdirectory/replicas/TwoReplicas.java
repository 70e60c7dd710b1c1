package dev.userdirectory.replicas;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.flywaydb.core.Flyway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the service on one database, as the Helm chart runs replicas, each
 * with a plaintext channel to its gRPC port; closed together.
 */
final class TwoReplicas implements AutoCloseable {

	private static final String POSTGRES_URL = System.getenv()
		.getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String POSTGRES_USER = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");

	final ConfigurableApplicationContext replicaA;

	final ConfigurableApplicationContext replicaB;

	final ManagedChannel channelA;

	final ManagedChannel channelB;

	private TwoReplicas(List<String> arguments) {
		this.replicaA = start(arguments);
		try {
			this.replicaB = start(arguments);
		}
		catch (RuntimeException failure) {
			this.replicaA.close();
			throw failure;
		}
		this.channelA = channel(this.replicaA);
		this.channelB = channel(this.replicaB);
	}

	/**
	 * On PostgreSQL, in {@code schema}, emptied first, with {@code settings} added to
	 * each command line.
	 */
	static TwoReplicas onPostgres(String schema, String... settings) {
		Flyway.configure()
			.dataSource(POSTGRES_URL, POSTGRES_USER, "")
			.schemas(schema)
			.cleanDisabled(false)
			.load()
			.clean();
		List<String> arguments = new ArrayList<>(
				List.of("--spring.datasource.url=" + POSTGRES_URL + "?currentSchema=" + schema,
						"--spring.datasource.username=" + POSTGRES_USER, "--spring.datasource.password=",
						"--spring.flyway.schemas=" + schema));
		arguments.addAll(List.of(settings));
		return new TwoReplicas(arguments);
	}

	/** On one H2 database in memory, shared within this JVM. */
	static TwoReplicas onH2() {
		return new TwoReplicas(
				List.of("--spring.datasource.url=jdbc:h2:mem:replicas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
						"--spring.datasource.username=sa", "--spring.datasource.password="));
	}

	private static ConfigurableApplicationContext start(List<String> settings) {
		List<String> arguments = new ArrayList<>(List.of("--spring.grpc.server.port=0", "--server.port=0",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE));
		arguments.addAll(settings);
		return new SpringApplicationBuilder(UserDirectoryApplication.class).run(arguments.toArray(String[]::new));
	}

	private static ManagedChannel channel(ConfigurableApplicationContext replica) {
		int port = Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	@Override
	public void close() throws InterruptedException {
		for (ManagedChannel channel : List.of(this.channelA, this.channelB)) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		this.replicaA.close();
		this.replicaB.close();
	}

}
