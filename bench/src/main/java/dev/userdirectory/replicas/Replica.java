package dev.userdirectory.replicas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;

/**
 * One running instance of the jar, as a client reaches it: its own channel (so a call
 * meant for replica 2 can only be served by replica 2), stubs carrying a token for a
 * given subject, and the probes an operator has: gRPC readiness and the Prometheus
 * endpoint.
 */
final class Replica implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String name;

	private final int httpPort;

	private final ManagedChannel channel;

	private final Function<String, String> tokens;

	Replica(String name, int grpcPort, int httpPort, Function<String, String> tokens) {
		this.name = name;
		this.httpPort = httpPort;
		this.tokens = tokens;
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * Unary calls as {@code subject}, each with a deadline so a dead replica fails a
	 * check, not the drill.
	 */
	UserServiceGrpc.UserServiceBlockingStub users(String subject) {
		return UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(this.tokens.apply(subject)))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	/** Streams as {@code subject}; no deadline, the drill ends them itself. */
	UserServiceGrpc.UserServiceStub streams(String subject) {
		return UserServiceGrpc.newStub(this.channel).withInterceptors(BearerToken.of(this.tokens.apply(subject)));
	}

	UserServiceGrpc.UserServiceBlockingStub usersWithToken(String token) {
		return UserServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(BearerToken.of(token))
			.withDeadlineAfter(20, TimeUnit.SECONDS);
	}

	ServingStatus readiness() {
		try {
			return HealthGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(3, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("readiness").build())
				.getStatus();
		}
		catch (StatusRuntimeException unreachable) {
			return ServingStatus.UNKNOWN;
		}
	}

	/**
	 * A gauge without labels from /actuator/prometheus, e.g. {@code users_watch_active}.
	 */
	double gauge(String metric) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(5))
			.build();
		String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
		return body.lines()
			.filter((line) -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(this.name + " exports no " + metric));
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
