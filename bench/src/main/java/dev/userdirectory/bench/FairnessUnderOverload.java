package dev.userdirectory.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Fairness under overload (bench/fairness): a victim caller keeps {@code victimInFlight}
 * GetUser calls in flight for {@code seconds}, first alone, then while a flooder (another
 * token subject, on connections of its own) keeps {@code flooderInFlight} GetUser calls
 * in flight and starts the next one the moment one ends, whatever the status: it ignores
 * RetryInfo, the worst a client can do. Tokens for both subjects are minted with the dev
 * profile's key file. Prints the victim's p50/p99/rate/success per phase and the
 * flooder's outcomes by status code.
 *
 * Arguments: port devKeyFile seconds [victimInFlight=64] [flooderInFlight=1024]
 */
public final class FairnessUnderOverload {

	private FairnessUnderOverload() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		JWK key = JWK.parse(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
		int seconds = Integer.parseInt(args[2]);
		int victimInFlight = (args.length > 3) ? Integer.parseInt(args[3]) : 64;
		int flooderInFlight = (args.length > 4) ? Integer.parseInt(args[4]) : 1024;
		String victim = mint(key, "victim");
		String flooder = mint(key, "flooder");
		GetUserRequest request = GetUserRequest.newBuilder().setId(createUser(port, victim)).build();
		// Warm-up: JIT and caches, before anything is timed.
		runVictim(port, victim, request, Math.max(5, seconds / 2), victimInFlight);

		Phase alone = runVictim(port, victim, request, seconds, victimInFlight);
		System.out.println(alone.line("victim-alone"));

		List<ManagedChannel> flooderChannels = channels(port, 4);
		AtomicBoolean flooding = new AtomicBoolean(true);
		Map<Status.Code, LongAdder> flooderOutcomes = new ConcurrentHashMap<>();
		CountDownLatch flooderDone = new CountDownLatch(flooderInFlight);
		for (int i = 0; i < flooderInFlight; i++) {
			UserServiceGrpc.UserServiceStub stub = UserServiceGrpc
				.newStub(flooderChannels.get(i % flooderChannels.size()))
				.withInterceptors(BearerToken.of(flooder));
			new Object() {
				void call() {
					if (!flooding.get()) {
						flooderDone.countDown();
						return;
					}
					stub.withDeadlineAfter(10, TimeUnit.SECONDS).getUser(request, new StreamObserver<>() {
						@Override
						public void onNext(GetUserResponse response) {
						}

						@Override
						public void onError(Throwable t) {
							flooderOutcomes.computeIfAbsent(Status.fromThrowable(t).getCode(), (c) -> new LongAdder())
								.increment();
							call();
						}

						@Override
						public void onCompleted() {
							flooderOutcomes.computeIfAbsent(Status.Code.OK, (c) -> new LongAdder()).increment();
							call();
						}
					});
				}
			}.call();
		}
		// Let the flood reach its steady state before the victim is timed.
		Thread.sleep(3000);
		flooderOutcomes.clear();
		Phase flooded = runVictim(port, victim, request, seconds, victimInFlight);
		Map<String, Long> outcomes = new TreeMap<>();
		flooderOutcomes.forEach((code, count) -> outcomes.put(code.name(), count.sum()));
		flooding.set(false);
		flooderDone.await(30, TimeUnit.SECONDS);
		for (ManagedChannel channel : flooderChannels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		System.out.println(flooded.line("victim-flooded"));
		long flooderTotal = outcomes.values().stream().mapToLong(Long::longValue).sum();
		System.out.printf("flooder %.0f calls/s %s%n", flooderTotal / (double) seconds, outcomes);
		System.out.printf("ratio p50 %.2f p99 %.2f%n", flooded.p50 / alone.p50, flooded.p99 / alone.p99);
	}

	private record Phase(double rate, double p50, double p99, long ok, long failed) {

		String line(String name) {
			return String.format("%s %.0f calls/s p50 %.2f ms p99 %.2f ms success %.2f %% (%d failed)", name, this.rate,
					this.p50, this.p99, 100.0 * this.ok / Math.max(1, this.ok + this.failed), this.failed);
		}

	}

	private static Phase runVictim(int port, String token, GetUserRequest request, int seconds, int inFlight)
			throws InterruptedException {
		GetUserLatency.Result result = GetUserLatency.measure(port, token, request, seconds, inFlight);
		return new Phase(result.rate(), result.p50(), result.p99(), result.micros().getTotalCount(), result.errors());
	}

	private static String createUser(int port, String token) throws InterruptedException {
		ManagedChannel channel = channels(port, 1).get(0);
		try {
			return UserServiceGrpc.newBlockingStub(channel)
				.withInterceptors(BearerToken.of(token))
				.withDeadlineAfter(30, TimeUnit.SECONDS)
				.createUser(CreateUserRequest.newBuilder()
					.setEmail("fairness-" + UUID.randomUUID() + "@example.com")
					.setName("Fairness Victim")
					.addTags("bench")
					.build())
				.getUser()
				.getId();
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static List<ManagedChannel> channels(int port, int count) {
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build());
		}
		return channels;
	}

	/** A token of the dev profile's issuer for {@code subject}, valid for an hour. */
	private static String mint(JWK key, String subject) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder((key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256)
					.keyID(key.getKeyID())
					.build(),
				new JWTClaimsSet.Builder().issuer("users-dev")
					.audience("users.v1")
					.subject(subject)
					.issueTime(Date.from(now))
					.notBeforeTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(3600)))
					.claim("scope", "users.read users.write chat")
					.build());
		jwt.sign((key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey()));
		return jwt.serialize();
	}

}
