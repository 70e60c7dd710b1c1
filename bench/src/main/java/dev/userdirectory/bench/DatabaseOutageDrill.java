package dev.userdirectory.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.Shell;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The database-outage drill of scripts/database-outage (not a test; it needs a PostgreSQL
 * it may stop): creates users under load, stops PostgreSQL, starts it again, and checks
 * what a user of the service must be able to rely on. Calls during the outage fail fast
 * with UNAVAILABLE (never INTERNAL, never hanging to their deadline); readiness goes
 * NOT_SERVING and comes back; writes succeed again without restarting the service; every
 * acknowledged create is in the database.
 *
 * Arguments: port token jdbc-url stop-command start-command
 */
public final class DatabaseOutageDrill {

	private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

	/** Hikari's connection-timeout (3 s) plus slack for a loaded machine. */
	private static final Duration FAIL_FAST = Duration.ofSeconds(5);

	private final UserServiceGrpc.UserServiceBlockingStub users;

	private final HealthGrpc.HealthBlockingStub health;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

	private final AtomicReference<String> phase = new AtomicReference<>("before");

	private final AtomicLong slowestOutageFailureMillis = new AtomicLong();

	private final List<String> violations = new ArrayList<>();

	private volatile boolean running = true;

	private DatabaseOutageDrill(ManagedChannel channel, String token) {
		this.users = UserServiceGrpc.newBlockingStub(channel).withInterceptors(BearerToken.of(token));
		this.health = HealthGrpc.newBlockingStub(channel);
	}

	public static void main(String[] args) throws Exception {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(args[0]))
			.usePlaintext()
			.build();
		DatabaseOutageDrill drill = new DatabaseOutageDrill(channel, args[1]);
		boolean passed = drill.run(args[2], args[3], args[4]);
		channel.shutdownNow();
		System.exit(passed ? 0 : 1);
	}

	private boolean run(String jdbcUrl, String stopDatabase, String startDatabase) throws Exception {
		List<Thread> writers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread writer = new Thread(this::write, "writer-" + i);
			writer.start();
			writers.add(writer);
		}
		Thread.sleep(5_000);
		check(readiness() == ServingStatus.SERVING, "ready before the outage");

		this.phase.set("outage");
		Shell.run(stopDatabase);
		long stopped = System.nanoTime();
		Duration notReady = waitFor(() -> readiness() == ServingStatus.NOT_SERVING, Duration.ofSeconds(15));
		System.out.printf("drill: database stopped; readiness NOT_SERVING after %d ms%n", notReady.toMillis());
		check(notReady.compareTo(Duration.ofSeconds(10)) < 0, "readiness went NOT_SERVING within 10 s");
		Thread.sleep(Math.max(0, 8_000 - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));

		this.phase.set("recovery");
		Shell.run(startDatabase);
		Duration ready = waitFor(() -> readiness() == ServingStatus.SERVING, Duration.ofSeconds(60));
		System.out.printf("drill: database started; readiness SERVING after %d ms%n", ready.toMillis());
		long acknowledgedAtRecovery = this.acknowledged.size();
		Duration writing = waitFor(() -> this.acknowledged.size() > acknowledgedAtRecovery + 50,
				Duration.ofSeconds(60));
		System.out.printf("drill: creates succeed again after %d ms more%n", writing.toMillis());

		this.phase.set("after");
		Thread.sleep(3_000);
		this.running = false;
		for (Thread writer : writers) {
			writer.join();
		}
		report();
		verifyNothingAcknowledgedWasLost(jdbcUrl);
		this.violations.forEach((violation) -> System.out.println("drill: FAILED: " + violation));
		return this.violations.isEmpty();
	}

	private void write() {
		while (this.running) {
			String key = UUID.randomUUID().toString();
			String phaseAtStart = this.phase.get();
			long started = System.nanoTime();
			String outcome;
			try {
				String id = this.users.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
					.createUser(CreateUserRequest.newBuilder()
						.setEmail("drill-" + key + "@example.com")
						.setName("Outage Drill")
						.setRequestId("drill-" + key)
						.build())
					.getUser()
					.getId();
				this.acknowledged.add(id);
				outcome = "OK";
			}
			catch (StatusRuntimeException failure) {
				outcome = failure.getStatus().getCode().name();
				long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
				if (phaseAtStart.equals("outage") && this.phase.get().equals("outage")) {
					this.slowestOutageFailureMillis.accumulateAndGet(millis, Math::max);
				}
				if (failure.getStatus().getCode() == Status.Code.UNAVAILABLE) {
					pause(100); // as a client backs off; the service must not need it to
								// survive
				}
			}
			this.outcomes.computeIfAbsent(phaseAtStart + " " + outcome, (k) -> new AtomicLong()).incrementAndGet();
		}
	}

	private void report() {
		new java.util.TreeMap<>(this.outcomes)
			.forEach((key, count) -> System.out.printf("drill: %-28s %d%n", key, count.get()));
		System.out.printf("drill: slowest failure during the outage: %d ms%n", this.slowestOutageFailureMillis.get());
		this.outcomes.keySet()
			.stream()
			.filter((key) -> !key.endsWith(" OK") && !key.endsWith(" UNAVAILABLE"))
			.forEach((key) -> this.violations.add("calls ended " + key + " (only OK or UNAVAILABLE are acceptable)"));
		check(this.slowestOutageFailureMillis.get() <= FAIL_FAST.toMillis(),
				"calls fail fast during the outage (slowest " + this.slowestOutageFailureMillis.get() + " ms)");
		check(this.outcomes.containsKey("outage UNAVAILABLE"), "calls during the outage answered UNAVAILABLE");
		check(this.outcomes.containsKey("after OK"), "creates succeed after the outage");
	}

	private void verifyNothingAcknowledgedWasLost(String jdbcUrl) throws Exception {
		Set<String> stored = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				ResultSet rows = connection.createStatement()
					.executeQuery("select id from users where email like 'drill-%'")) {
			while (rows.next()) {
				stored.add(rows.getString(1));
			}
		}
		Set<String> lost = new HashSet<>(this.acknowledged);
		lost.removeAll(stored);
		System.out.printf("drill: %d creates acknowledged, %d stored, %d acknowledged but missing%n",
				this.acknowledged.size(), stored.size(), lost.size());
		check(lost.isEmpty(), "every acknowledged create is stored (missing: " + lost + ")");
	}

	private ServingStatus readiness() {
		try {
			return this.health.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("readiness").build())
				.getStatus();
		}
		catch (StatusRuntimeException failure) {
			return ServingStatus.UNKNOWN;
		}
	}

	private static Duration waitFor(java.util.function.BooleanSupplier condition, Duration limit) {
		long started = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - started > limit.toNanos()) {
				throw new IllegalStateException("gave up after " + limit);
			}
			pause(100);
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private void check(boolean condition, String what) {
		if (!condition) {
			this.violations.add(what);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
