package dev.userdirectory.replicas;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.nimbusds.jose.jwk.RSAKey;
import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.PemRsaKey;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.stub.StreamObserver;

/**
 * Commit-to-delivery latency across replicas (bench/cross-replica starts the three
 * instances). A writer creates users through replica A at a steady rate, open loop; a
 * watcher on each replica records when each CREATED event arrives. Latency is receipt
 * minus the writer's acknowledgment, both on this process's clock: A's own watcher is the
 * floor (woken after its local commit), B's is woken by A's NOTIFY, C's (started with
 * notifications off) only by its poll. Then the same load while the listening connections
 * are killed every few seconds, counting changes never delivered; then chat at a lower
 * rate, posted on A, heard on each.
 *
 * Arguments: private-key.pem grpc-ports(A,B,C) jdbc-url rate warm-up-s measure-s kill-s
 * kill-every-s chat-rate chat-s.
 */
public final class CrossReplicaLatency {

	private static final String[] NAMES = { "A (writer's own, floor)", "B (NOTIFY)", "C (poll only)" };

	/**
	 * Calls in flight at most (-Dbench.in-flight), so an overloaded service shows as
	 * skipped writes rather than as a queue that grows for the whole run.
	 */
	private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.in-flight", 64);

	/**
	 * Users per write (-Dbench.batch): 1 writes each with CreateUser, more send that many
	 * in one CreateUsers call, so one commit (one turn of the change-feed lock) carries
	 * several changes. The rate stays in changes per second.
	 */
	private static final int BATCH = Integer.getInteger("bench.batch", 1);

	private final List<Replica> replicas;

	private final String jdbcUrl;

	private final List<Map<String, Long>> receivedOn = new ArrayList<>();

	private final List<Map<String, Long>> heardOn = new ArrayList<>();

	/**
	 * Per watcher: microseconds from each event's change_time (server clock) to receipt.
	 */
	private final List<Map<String, Long>> sinceChangeTime = new ArrayList<>();

	private CrossReplicaLatency(List<Replica> replicas, String jdbcUrl) {
		this.replicas = replicas;
		this.jdbcUrl = jdbcUrl;
	}

	public static void main(String[] args) throws Exception {
		RSAKey key = PemRsaKey.read(Path.of(args[0]), "cross-replica");
		int[] ports = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
		Map<String, String> tokens = new ConcurrentHashMap<>();
		List<Replica> replicas = new ArrayList<>();
		for (int i = 0; i < ports.length; i++) {
			replicas.add(new Replica(NAMES[i], ports[i], 0,
					(subject) -> tokens.computeIfAbsent(subject,
							(s) -> TestJwtIssuer.token()
								.signedWith(key)
								.expiresAt(Instant.now().plus(Duration.ofHours(2)))
								.subject(s)
								.sign())));
		}
		int rate = Integer.parseInt(args[3]);
		CrossReplicaLatency bench = new CrossReplicaLatency(replicas, args[2]);
		bench.watch();
		bench.run("warm-up", rate, Integer.parseInt(args[4]), 0);
		bench.run("measured", rate, Integer.parseInt(args[5]), 0);
		bench.run("listener killed", rate, Integer.parseInt(args[6]), Integer.parseInt(args[7]));
		bench.chat(Integer.parseInt(args[8]), Integer.parseInt(args[9]));
		for (Replica replica : replicas) {
			replica.close();
		}
		System.exit(0);
	}

	private void watch() throws InterruptedException {
		for (Replica replica : this.replicas) {
			Map<String, Long> received = new ConcurrentHashMap<>();
			Map<String, Long> sinceChange = new ConcurrentHashMap<>();
			this.receivedOn.add(received);
			this.sinceChangeTime.add(sinceChange);
			replica.streams("watcher")
				.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), new StreamObserver<>() {
					@Override
					public void onNext(WatchUserChangesResponse event) {
						long now = System.nanoTime();
						if (event.getChangeType() == ChangeType.CHANGE_TYPE_CREATED) {
							received.putIfAbsent(event.getUser().getId(), now);
							Instant at = Instant.now();
							sinceChange.putIfAbsent(event.getUser().getId(),
									(at.getEpochSecond() - event.getChangeTime().getSeconds()) * 1_000_000
											+ (at.getNano() - event.getChangeTime().getNanos()) / 1000);
						}
					}

					@Override
					public void onError(Throwable failure) {
						System.out.println("watcher on " + replica + " failed: " + failure);
					}

					@Override
					public void onCompleted() {
					}
				});
		}
		// Streams from now on: let each replica register its watcher first.
		Thread.sleep(2000);
	}

	private void run(String phase, int rate, int seconds, int killEverySeconds) throws Exception {
		Map<String, Long> acked = new ConcurrentHashMap<>();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger skipped = new AtomicInteger();
		AtomicInteger killed = new AtomicInteger();
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
		Replica writer = this.replicas.get(0);
		String tag = "x-" + UUID.randomUUID().toString().substring(0, 8);
		ScheduledFuture<?> writes = timer.scheduleAtFixedRate(() -> {
			if (!inFlight.tryAcquire()) {
				skipped.incrementAndGet();
				return;
			}
			StreamObserver<Runnable> done = new StreamObserver<>() {
				@Override
				public void onNext(Runnable value) {
				}

				@Override
				public void onError(Throwable failure) {
					if (failed.incrementAndGet() == 1) {
						System.out.println("first failed create: " + failure);
					}
					inFlight.release();
				}

				@Override
				public void onCompleted() {
					inFlight.release();
				}
			};
			if (BATCH == 1) {
				writer.streams("writer")
					.withDeadlineAfter(20, TimeUnit.SECONDS)
					.createUser(newUser(tag),
							acknowledging(acked, done, (CreateUserResponse response) -> List.of(response.getUser())));
				return;
			}
			StreamObserver<CreateUsersRequest> batch = writer.streams("writer")
				.withDeadlineAfter(20, TimeUnit.SECONDS)
				.createUsers(acknowledging(acked, done, CreateUsersResponse::getUsersList));
			for (int i = 0; i < BATCH; i++) {
				batch.onNext(CreateUsersRequest.newBuilder().setUser(newUser(tag)).build());
			}
			batch.onCompleted();
		}, 0, 1_000_000_000L * BATCH / rate, TimeUnit.NANOSECONDS);
		ScheduledFuture<?> kills = (killEverySeconds <= 0) ? null : timer.scheduleAtFixedRate(
				() -> killed.addAndGet(killListeners()), killEverySeconds, killEverySeconds, TimeUnit.SECONDS);
		double load = loadAverage();
		BareNotify floor = BareNotify.start(this.jdbcUrl, 100);
		Thread.sleep(seconds * 1000L);
		floor.stop();
		writes.cancel(false);
		if (kills != null) {
			kills.cancel(false);
		}
		inFlight.acquire(MAX_IN_FLIGHT);
		timer.shutdownNow();
		// Whatever is still undelivered after C's poll interval many times over is lost.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline && !allDelivered(acked)) {
			Thread.sleep(100);
		}
		System.out.printf(
				"%n== %s: %d s at %d creates/s through A, %d per write: %d acknowledged, %d failed writes, %d"
						+ " skipped (%d in flight), load average %.2f at start, %.2f at end%s%n",
				phase, seconds, rate, BATCH, acked.size(), failed.get(), skipped.get(), MAX_IN_FLIGHT, load,
				loadAverage(),
				(killEverySeconds > 0)
						? ", listening connections killed every " + killEverySeconds + " s: " + killed.get() + " kills"
						: "");
		System.out.println("from the writer's acknowledgment to receipt:");
		report(acked, this.receivedOn);
		System.out.printf("from change_time (server clock when the write began) to receipt, same host:%n");
		for (int i = 0; i < this.sinceChangeTime.size(); i++) {
			Map<String, Long> since = this.sinceChangeTime.get(i);
			long[] micros = acked.keySet().stream().filter(since::containsKey).mapToLong(since::get).sorted().toArray();
			System.out.printf("%-24s ms p50 %7.2f p90 %7.2f p99 %7.2f max %7.2f%n", NAMES[i], percentile(micros, 50),
					percentile(micros, 90), percentile(micros, 99), percentile(micros, 100));
		}
		System.out.printf(
				"%-24s delivered %6d lost %4d | ms p50 %7.2f p90 %7.2f p99 %7.2f p99.9 %7.2f max %7.2f"
						+ " (100 notifications/s, alongside)%n",
				"bare NOTIFY (platform)", floor.latencies().length, floor.sent() - floor.latencies().length,
				percentile(floor.latencies(), 50), percentile(floor.latencies(), 90), percentile(floor.latencies(), 99),
				percentile(floor.latencies(), 99.9), percentile(floor.latencies(), 100));
	}

	private static CreateUserRequest newUser(String tag) {
		return CreateUserRequest.newBuilder()
			.setEmail(tag + "-" + UUID.randomUUID() + "@example.com")
			.setName("Latency")
			.addTags(tag)
			.build();
	}

	/**
	 * Records each created user's acknowledgment time, then completes {@code done}.
	 */
	private static <T> StreamObserver<T> acknowledging(Map<String, Long> acked, StreamObserver<Runnable> done,
			Function<T, List<User>> users) {
		return new StreamObserver<>() {
			@Override
			public void onNext(T response) {
				long now = System.nanoTime();
				users.apply(response).forEach((user) -> acked.put(user.getId(), now));
			}

			@Override
			public void onError(Throwable failure) {
				done.onError(failure);
			}

			@Override
			public void onCompleted() {
				done.onCompleted();
			}
		};
	}

	private boolean allDelivered(Map<String, Long> sent) {
		return this.receivedOn.stream().allMatch((received) -> received.keySet().containsAll(sent.keySet()));
	}

	private int killListeners() {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
						+ " where application_name = 'users-replica-listener' and datname = current_database()")) {
			rows.next();
			return rows.getInt(1);
		}
		catch (Exception failure) {
			System.out.println("kill failed: " + failure);
			return 0;
		}
	}

	private void chat(int rate, int seconds) throws Exception {
		if (rate <= 0 || seconds <= 0) {
			return;
		}
		String room = "latency-" + UUID.randomUUID();
		List<StreamObserver<ChatRequest>> joined = new ArrayList<>();
		for (Replica replica : this.replicas) {
			Map<String, Long> heard = new ConcurrentHashMap<>();
			this.heardOn.add(heard);
			StreamObserver<ChatRequest> send = replica.streams("listener").chat(new StreamObserver<>() {
				@Override
				public void onNext(ChatResponse message) {
					heard.putIfAbsent(message.getMessage().getContent(), System.nanoTime());
				}

				@Override
				public void onError(Throwable failure) {
					System.out.println("chat on " + replica + " failed: " + failure);
				}

				@Override
				public void onCompleted() {
				}
			});
			send.onNext(ChatRequest.newBuilder().setRoom(room).build());
			joined.add(send);
		}
		Thread.sleep(2000);
		StreamObserver<ChatRequest> poster = this.replicas.get(0).streams("poster").chat(new StreamObserver<>() {
			@Override
			public void onNext(ChatResponse value) {
			}

			@Override
			public void onError(Throwable failure) {
				System.out.println("poster failed: " + failure);
			}

			@Override
			public void onCompleted() {
			}
		});
		Map<String, Long> posted = new ConcurrentHashMap<>();
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sequence = new AtomicInteger();
		ScheduledFuture<?> posts = timer.scheduleAtFixedRate(() -> {
			String content = "m" + sequence.incrementAndGet();
			posted.put(content, System.nanoTime());
			poster.onNext(ChatRequest.newBuilder().setRoom(room).setContent(content).build());
		}, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
		Thread.sleep(seconds * 1000L);
		posts.cancel(false);
		timer.shutdown();
		timer.awaitTermination(5, TimeUnit.SECONDS);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline
				&& !this.heardOn.stream().allMatch((heard) -> heard.keySet().containsAll(posted.keySet()))) {
			Thread.sleep(100);
		}
		System.out.printf("%n== chat: %d s at %d messages/s posted on A (latency from the post being sent):"
				+ " %d posted, load average %.2f%n", seconds, rate, posted.size(), loadAverage());
		report(posted, this.heardOn);
		System.out.println("from receipt on A (the poster's replica, which stored the message) to receipt on B and C:");
		for (int i = 1; i < this.heardOn.size(); i++) {
			Map<String, Long> onA = this.heardOn.get(0);
			Map<String, Long> heard = this.heardOn.get(i);
			long[] micros = posted.keySet()
				.stream()
				.filter((content) -> onA.containsKey(content) && heard.containsKey(content))
				.mapToLong((content) -> (heard.get(content) - onA.get(content)) / 1000)
				.sorted()
				.toArray();
			System.out.printf("%-24s ms p50 %7.2f p90 %7.2f p99 %7.2f max %7.2f%n", NAMES[i], percentile(micros, 50),
					percentile(micros, 90), percentile(micros, 99), percentile(micros, 100));
		}
		poster.onCompleted();
		joined.forEach(StreamObserver::onCompleted);
	}

	private void report(Map<String, Long> sent, List<Map<String, Long>> receivedOn) {
		double[] floor = null;
		String floorName = null;
		for (int i = 0; i < receivedOn.size(); i++) {
			Map<String, Long> received = receivedOn.get(i);
			long[] micros = sent.entrySet()
				.stream()
				.filter((entry) -> received.containsKey(entry.getKey()))
				.mapToLong((entry) -> (received.get(entry.getKey()) - entry.getValue()) / 1000)
				.sorted()
				.toArray();
			long lost = sent.size() - micros.length;
			double[] at = { percentile(micros, 50), percentile(micros, 90), percentile(micros, 99),
					percentile(micros, 99.9), (micros.length == 0) ? Double.NaN : micros[micros.length - 1] / 1000.0 };
			if (floor == null) {
				floor = at;
				floorName = NAMES[i].substring(0, 1);
			}
			System.out.printf(
					"%-24s delivered %6d lost %4d | ms p50 %7.2f p90 %7.2f p99 %7.2f p99.9 %7.2f max %7.2f"
							+ " | p50 %5.1fx p99 %5.1fx %s's%n",
					NAMES[i], micros.length, lost, at[0], at[1], at[2], at[3], at[4], at[0] / floor[0],
					at[2] / floor[2], floorName);
		}
	}

	private static double percentile(long[] sortedMicros, double percentile) {
		if (sortedMicros.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100 * sortedMicros.length) - 1;
		return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))] / 1000.0;
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
