package dev.userdirectory.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/**
 * The streaming benchmark run by bench/streams against a running service (not a test):
 * CreateUsers of N users, ListUsers of those N users in pages of 1000, commit-to-delivery
 * latency of the change feed to W concurrent watchers, and chat latency in one room.
 * Prints one line per figure; with {@code -Dbench.bare.port} the bare server runs
 * CreateUsers, ListUsers and Chat too, and with {@code -Dbench.service.pid} /
 * {@code -Dbench.bare.pid} each figure gives its server's CPU per message.
 *
 * Arguments: port token [users=100000] [watchers=1000] [changes=200] [chat
 * participants=200] [chat messages/s=1000] [chat seconds=10]
 */
public final class StreamBenchmark {

	private StreamBenchmark() {
	}

	public static void main(String[] args) throws Throwable {
		int port = Integer.parseInt(args[0]);
		String token = args[1];
		int users = (args.length > 2) ? Integer.parseInt(args[2]) : 100_000;
		int watchers = (args.length > 3) ? Integer.parseInt(args[3]) : 1000;
		int changes = (args.length > 4) ? Integer.parseInt(args[4]) : 200;
		int participants = (args.length > 5) ? Integer.parseInt(args[5]) : 200;
		int chatRate = (args.length > 6) ? Integer.parseInt(args[6]) : 1000;
		int chatSeconds = (args.length > 7) ? Integer.parseInt(args[7]) : 10;
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port)
				.usePlaintext()
				.maxInboundMessageSize(64 * 1024 * 1024)
				.build());
		}
		try {
			Integer barePort = Integer.getInteger("bench.bare.port");
			ServerCpu serviceCpu = ServerCpu.ofPidProperty("bench.service.pid");
			ServerCpu bareCpu = ServerCpu.ofPidProperty("bench.bare.pid");
			ManagedChannel bare = (barePort != null) ? NettyChannelBuilder.forAddress("127.0.0.1", barePort)
				.usePlaintext()
				.maxInboundMessageSize(64 * 1024 * 1024)
				.build() : null;
			String tag = null;
			try {
				// Like ListUsers below: the first stream also compiles the path, so it is
				// reported
				// apart (as a cold service's figure) and the last is the warm figure.
				for (int pass = 0; pass < 1 + Integer.getInteger("bench.create.passes", 1); pass++) {
					String label = (pass == 0) ? " (warm-up)" : "";
					tag = "bench-" + UUID.randomUUID().toString().substring(0, 8);
					createUsers(channels.get(0), serviceCpu, token, tag, users, "CreateUsers" + label);
					if (bare != null) {
						createUsers(bare, bareCpu, token, tag, users, "CreateUsers (bare grpc-java)" + label);
					}
				}
			}
			finally {
				// Not one of the service's channels: watchers and chat are spread over
				// those.
				if (bare != null) {
					bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
				}
			}
			// Warm-up passes first: a fresh service's JIT kept compiling (a C2 thread at
			// 40-90 % of
			// a core) for about eight passes of 100,000, each faster than the last. The
			// passes
			// after them are the figures; the warm-up ones are printed too, as the curve.
			int listWarmup = Integer.getInteger("bench.list.warmup", 8);
			for (int pass = 0; pass < listWarmup + Integer.getInteger("bench.list.passes", 1); pass++) {
				String label = (pass < listWarmup) ? " (warm-up " + (pass + 1) + ")" : "";
				listUsers(token, port, serviceCpu, tag, users, "ListUsers" + label);
				if (barePort != null) {
					listUsers(token, barePort, bareCpu, tag, users, "ListUsers (bare grpc-java)" + label);
				}
			}
			// No watchers or no participants skips that part (e.g. to profile ListUsers
			// alone).
			if (watchers > 0) {
				watchLatency(channels, token, watchers, changes);
			}
			int chatWarmup = Integer.getInteger("bench.chat.warmup.seconds", 5);
			if (participants > 0) {
				chatRounds(port, serviceCpu, token, participants, chatRate, chatWarmup, chatSeconds, "Chat");
			}
			if (barePort != null && participants > 0) {
				chatRounds(barePort, bareCpu, token, participants, chatRate, chatWarmup, chatSeconds,
						"Chat (bare grpc-java)");
			}
		}
		finally {
			for (ManagedChannel channel : channels) {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	private static void createUsers(ManagedChannel channel, ServerCpu cpu, String token, String tag, int count,
			String label) throws Throwable {
		UserServiceGrpc.UserServiceStub stub = UserServiceGrpc.newStub(channel)
			.withInterceptors(BearerToken.of(token))
			.withDeadlineAfter(10, TimeUnit.MINUTES);
		Iterator<CreateUsersRequest> items = IntStream.range(0, count)
			.mapToObj((i) -> CreateUsersRequest.newBuilder()
				.setUser(CreateUserRequest.newBuilder()
					.setEmail(tag + "-" + i + "@example.com")
					.setName("Bench User " + i)
					.setAge(i % 100)
					.addTags(tag))
				.build())
			.iterator();
		ServerCpu.Mark cpuStart = cpu.mark();
		long start = System.nanoTime();
		CreateUsersResponse response = ClientStreams.<CreateUsersRequest, CreateUsersResponse>send(stub::createUsers,
				items, 600);
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("%s: %d users in %.2f s = %.0f users/s%s%n", label, response.getCreatedCount(), seconds,
				response.getCreatedCount() / seconds, cpuStart.per(response.getCreatedCount(), "user"));
	}

	/**
	 * Reads every page with the async stub on a channel that runs callbacks on its
	 * transport thread, keeping {@value #LIST_WINDOW} messages requested ahead. A
	 * blocking stub asks for one message at a time and hands each over between two
	 * threads: on two shared cores that ping-pong, not the service, capped the first
	 * measurements at ~17,000 messages/s.
	 */
	private static void listUsers(String token, int port, ServerCpu cpu, String tag, int expected, String label)
			throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
			.usePlaintext()
			.directExecutor()
			.build();
		try {
			UserServiceGrpc.UserServiceStub stub = UserServiceGrpc.newStub(channel)
				.withInterceptors(BearerToken.of(token));
			ServerCpu.Mark cpuStart = cpu.mark();
			long start = System.nanoTime();
			int received = 0;
			String pageToken = "";
			do {
				PageReader page = new PageReader();
				stub.withDeadlineAfter(60, TimeUnit.SECONDS)
					.listUsers(ListUsersRequest.newBuilder()
						.setPageSize(1000)
						.setPageToken(pageToken)
						.setFilter("tag = \"" + tag + "\"")
						.build(), page);
				if (!page.done.await(60, TimeUnit.SECONDS) || page.failure != null) {
					throw new IllegalStateException("ListUsers failed after " + received + " users", page.failure);
				}
				received += page.received;
				pageToken = page.nextPageToken;
			}
			while (!pageToken.isEmpty());
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("%s: %d of %d users in %.2f s = %.0f messages/s%s%n", label, received, expected, seconds,
					received / seconds, cpuStart.per(received, "message"));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static final int LIST_WINDOW = 256;

	/**
	 * One page of ListUsers, read with flow control: one more message requested per
	 * message read.
	 */
	private static final class PageReader implements ClientResponseObserver<ListUsersRequest, ListUsersResponse> {

		private final CountDownLatch done = new CountDownLatch(1);

		private ClientCallStreamObserver<ListUsersRequest> call;

		private volatile int received;

		private volatile String nextPageToken = "";

		private volatile Throwable failure;

		@Override
		public void beforeStart(ClientCallStreamObserver<ListUsersRequest> requestStream) {
			this.call = requestStream;
			requestStream.disableAutoRequestWithInitial(LIST_WINDOW);
		}

		@Override
		public void onNext(ListUsersResponse message) {
			this.received++;
			this.nextPageToken = message.getNextPageToken();
			this.call.request(1);
		}

		@Override
		public void onError(Throwable error) {
			this.failure = error;
			this.done.countDown();
		}

		@Override
		public void onCompleted() {
			this.done.countDown();
		}

	}

	private static void watchLatency(List<ManagedChannel> channels, String token, int watchers, int changes)
			throws Exception {
		ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
		List<io.grpc.stub.ClientCallStreamObserver<?>> calls = new ArrayList<>();
		for (int i = 0; i < watchers; i++) {
			UserServiceGrpc.newStub(channels.get(i % channels.size()))
				.withInterceptors(BearerToken.of(token))
				.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), new StreamObserver<>() {
					@Override
					public void onNext(WatchUserChangesResponse event) {
						Instant committed = Instant.ofEpochSecond(event.getChangeTime().getSeconds(),
								event.getChangeTime().getNanos());
						Instant now = Instant.now();
						latenciesMicros.add((now.getEpochSecond() - committed.getEpochSecond()) * 1_000_000L
								+ (now.getNano() - committed.getNano()) / 1000);
					}

					@Override
					public void onError(Throwable t) {
					}

					@Override
					public void onCompleted() {
					}
				});
		}
		Thread.sleep(3000);
		UserServiceGrpc.UserServiceBlockingStub writer = UserServiceGrpc.newBlockingStub(channels.get(0))
			.withInterceptors(BearerToken.of(token));
		User user = writer.withDeadlineAfter(10, TimeUnit.SECONDS)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("watch-bench-" + UUID.randomUUID() + "@example.com")
				.setName("Watched")
				.build())
			.getUser();
		for (int i = 0; i < changes; i++) {
			writer.withDeadlineAfter(10, TimeUnit.SECONDS)
				.updateUser(UpdateUserRequest.newBuilder()
					.setUser(User.newBuilder().setId(user.getId()).setAge(i % 150))
					.setUpdateMask(FieldMask.newBuilder().addPaths("age"))
					.build());
			Thread.sleep(20);
		}
		long expected = (long) watchers * (changes + 1);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (latenciesMicros.size() < expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		List<Long> sorted = new ArrayList<>(latenciesMicros);
		Collections.sort(sorted);
		System.out.printf(
				"Watch: %d watchers, %d changes, %d of %d deliveries; commit-to-delivery p50 %.1f ms, "
						+ "p99 %.1f ms, max %.1f ms%n",
				watchers, changes + 1, sorted.size(), expected, percentile(sorted, 0.50) / 1000.0,
				percentile(sorted, 0.99) / 1000.0, sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0);
	}

	/**
	 * The measured chat round, after a warm-up round of the same load delivered in full
	 * before it.
	 */
	private static void chatRounds(int port, ServerCpu cpu, String token, int participants, int rate, int warmupSeconds,
			int seconds, String label) throws Exception {
		if (warmupSeconds > 0) {
			chatLatency(port, cpu, token, participants, rate, warmupSeconds, label + " (warm-up)");
		}
		chatLatency(port, cpu, token, participants, rate, seconds, label);
	}

	/**
	 * One room, {@code participants} streams; messages posted at {@code rate} per second
	 * in total, round-robin over the participants, each carrying its client send time.
	 * Latency is post to receipt on every participant (the poster included), on one
	 * clock.
	 */
	private static void chatLatency(int port, ServerCpu cpu, String token, int participants, int rate, int seconds,
			String label) throws Exception {
		String room = "bench-" + UUID.randomUUID();
		// Receiving participants x rate messages a second is the client's hardest job:
		// callbacks run
		// on the transport threads (no executor hop), over more connections than the
		// other phases.
		List<ManagedChannel> chatChannels = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			chatChannels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build());
		}
		ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
		// A participant that falls too far behind is dropped by the service (its max-lag
		// rule):
		// counted by how it ended, so one line says how many, not one line each.
		Map<String, Integer> endedEarly = new ConcurrentHashMap<>();
		List<StreamObserver<ChatRequest>> streams = new ArrayList<>();
		CountDownLatch joined = new CountDownLatch(participants);
		for (int i = 0; i < participants; i++) {
			StreamObserver<ChatRequest> stream = UserServiceGrpc.newStub(chatChannels.get(i % chatChannels.size()))
				.withInterceptors(BearerToken.of(token))
				.chat(new StreamObserver<>() {
					@Override
					public void onNext(ChatResponse response) {
						String content = response.getMessage().getContent();
						if (content.startsWith("t=")) {
							latenciesMicros.add((System.nanoTime() - Long.parseLong(content.substring(2))) / 1000);
						}
						else {
							joined.countDown();
						}
					}

					@Override
					public void onError(Throwable t) {
						Status status = Status.fromThrowable(t);
						endedEarly.merge(status.getCode() + ": " + status.getDescription(), 1, Integer::sum);
					}

					@Override
					public void onCompleted() {
					}
				});
			stream.onNext(ChatRequest.newBuilder().setRoom(room).build());
			streams.add(stream);
		}
		// Joins are asynchronous: give them time, then check that a message reaches
		// everyone.
		Thread.sleep(3000);
		streams.get(0).onNext(ChatRequest.newBuilder().setRoom(room).setContent("hello").build());
		if (!joined.await(60, TimeUnit.SECONDS)) {
			System.out.printf("%s: only %d of %d participants joined%n", label, participants - joined.getCount(),
					participants);
		}
		int messages = rate * seconds;
		long interval = 1_000_000_000L / rate;
		ServerCpu.Mark cpuStart = cpu.mark();
		long start = System.nanoTime();
		for (int i = 0; i < messages; i++) {
			// Sleeping, not spinning: a spinning poster took one of the two cores the
			// service needs.
			long wait = start + i * interval - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			streams.get(i % participants)
				.onNext(ChatRequest.newBuilder().setRoom(room).setContent("t=" + System.nanoTime()).build());
		}
		double postSeconds = (System.nanoTime() - start) / 1e9;
		long expected = (long) messages * participants;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (latenciesMicros.size() < expected && System.nanoTime() < deadline
				&& endedEarly.values().stream().mapToInt(Integer::intValue).sum() < participants) {
			Thread.sleep(100);
		}
		// Taken before this client closes its own streams, whose endings are not the
		// service's doing.
		Map<String, Integer> droppedByService = Map.copyOf(endedEarly);
		String serverCpu = cpuStart.per(latenciesMicros.size(), "delivery");
		streams.forEach(StreamObserver::onCompleted);
		for (ManagedChannel channel : chatChannels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		droppedByService.forEach(
				(status, count) -> System.out.printf("%s: %d participants ended early: %s%n", label, count, status));
		List<Long> sorted = new ArrayList<>(latenciesMicros);
		Collections.sort(sorted);
		System.out.printf(
				"%s: %d participants, %d messages posted at %.0f/s, %d of %d deliveries; post-to-receipt "
						+ "p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
				label, participants, messages, messages / postSeconds, sorted.size(), expected,
				percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0,
				sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0, serverCpu);
	}

	private static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
	}

}
