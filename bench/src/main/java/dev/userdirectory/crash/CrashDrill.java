package dev.userdirectory.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;

/**
 * The crash drill: the service jar under a mixed write load on every write method, killed
 * with SIGKILL at a random moment, started again on the same database; then every write
 * it had acknowledged is looked for, as a user would look, and counted. Several rounds on
 * one database.
 * <p>
 * Usage:
 * {@code CrashDrill JAR WORK_DIR GRPC_PORT ROUNDS CHECK_JDBC_URL CHECK_JDBC_USER [service args...]};
 * the check URL reads the stored chat messages after the service has stopped.
 */
public final class CrashDrill {

	private static final Duration START_LIMIT = Duration.ofSeconds(300);

	private CrashDrill() {
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		Path workDir = Path.of(args[1]);
		int port = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		String checkUrl = args[4];
		String checkUser = args[5];
		List<String> serviceArgs = Arrays.asList(args).subList(6, args.length);
		Verdicts verdicts = new Verdicts("crash-drill");
		ServiceProcess service = new ServiceProcess(jar, workDir, port, serviceArgs);
		Map<String, Set<String>> deliveredByRoom = new HashMap<>();
		int acknowledgedInAll = 0;
		try {
			String token = service.start(START_LIMIT);
			for (int round = 1; round <= rounds; round++) {
				verdicts.info("round " + round + " of " + rounds);
				RoundResult result = round(service, token, verdicts);
				token = result.token();
				acknowledgedInAll += result.acknowledged();
				deliveredByRoom.put(result.chat().room(), result.chat().delivered());
			}
		}
		catch (Exception ex) {
			verdicts.check(false, "the drill could not go on: " + ex);
		}
		finally {
			service.stop();
		}
		checkChatMessagesStored(checkUrl, checkUser, deliveredByRoom, verdicts);
		verdicts.info("acknowledged writes in all rounds: " + acknowledgedInAll);
		System.exit(verdicts.summarize() ? 0 : 1);
	}

	private record RoundResult(String token, int acknowledged, ChatWrites chat) {
	}

	private static RoundResult round(ServiceProcess service, String token, Verdicts verdicts) throws Exception {
		ManagedChannel channel = service.channel();
		Workload.Clients clients = clients(channel, token);
		FeedRecorder feed = new FeedRecorder();
		feed.start(clients);
		UserWrites userWritesA = new UserWrites("unary-a");
		UserWrites userWritesB = new UserWrites("unary-b");
		BulkWrites bulk = new BulkWrites();
		ChatWrites chat = new ChatWrites();
		List<Workload> workloads = List.of(userWritesA, userWritesB, bulk, new UploadWrites(), chat, new EditWrites());
		List<Thread> threads = new ArrayList<>();
		for (Workload workload : workloads) {
			Thread thread = new Thread(() -> workload.run(clients), "load-" + workload.name());
			thread.start();
			threads.add(thread);
		}
		// Kill once every kind of write has been acknowledged at least once, at a random
		// moment after.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (workloads.stream().anyMatch((workload) -> workload.acknowledged() == 0)
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		Thread.sleep(ThreadLocalRandom.current().nextLong(200, 3000));
		service.kill();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(60));
		}
		feed.close();
		channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		int acknowledged = workloads.stream().mapToInt(Workload::acknowledged).sum();
		verdicts.info("killed with SIGKILL under load; acknowledged before the kill: "
				+ workloads.stream().map((workload) -> workload.name() + " " + workload.acknowledged()).toList()
				+ ", change feed events seen " + feed.seen());

		long restarting = System.nanoTime();
		String newToken = service.start(START_LIMIT);
		verdicts.check(true,
				"the service started again on the database the killed process left, with no manual step, in "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting) + " ms");
		ManagedChannel after = service.channel();
		try {
			Workload.Clients restarted = clients(after, newToken);
			List<String> acknowledgedEtags = new ArrayList<>(userWritesA.acknowledgedEtags());
			acknowledgedEtags.addAll(userWritesB.acknowledgedEtags());
			List<String> acknowledgedDeletes = new ArrayList<>(userWritesA.acknowledgedDeletes());
			acknowledgedDeletes.addAll(userWritesB.acknowledgedDeletes());
			feed.verify(restarted, acknowledgedEtags, acknowledgedDeletes, bulk.answeredEmails(), verdicts);
			Map<String, User> usersByEmail = listAll(restarted);
			for (Workload workload : workloads) {
				workload.verify(restarted, usersByEmail, verdicts);
			}
		}
		finally {
			after.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		return new RoundResult(newToken, acknowledged, chat);
	}

	private static Workload.Clients clients(ManagedChannel channel, String token) {
		io.grpc.ClientInterceptor credentials = BearerToken.of(token);
		return new Workload.Clients(UserServiceGrpc.newBlockingStub(channel).withInterceptors(credentials),
				UserServiceGrpc.newStub(channel).withInterceptors(credentials));
	}

	/** Every user, through ListUsers as a client pages through it. */
	private static Map<String, User> listAll(Workload.Clients clients) {
		Map<String, User> users = new HashMap<>();
		String pageToken = "";
		do {
			String next = "";
			var page = clients.blocking()
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.listUsers(ListUsersRequest.newBuilder().setPageSize(1000).setPageToken(pageToken).build());
			while (page.hasNext()) {
				ListUsersResponse response = page.next();
				users.put(response.getUser().getEmail(), response.getUser());
				if (!response.getNextPageToken().isEmpty()) {
					next = response.getNextPageToken();
				}
			}
			pageToken = next;
		}
		while (!pageToken.isEmpty());
		return users;
	}

	private static void checkChatMessagesStored(String url, String user, Map<String, Set<String>> deliveredByRoom,
			Verdicts verdicts) {
		int delivered = 0;
		int missing = 0;
		try (Connection connection = DriverManager.getConnection(url, user, "");
				PreparedStatement query = connection.prepareStatement("select id from chat_messages where room = ?")) {
			for (Map.Entry<String, Set<String>> room : deliveredByRoom.entrySet()) {
				query.setString(1, room.getKey());
				Set<String> stored = new HashSet<>();
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						stored.add(rows.getString(1));
					}
				}
				delivered += room.getValue().size();
				missing += (int) room.getValue().stream().filter((id) -> !stored.contains(id)).count();
			}
			verdicts.check(missing == 0 && delivered > 0,
					"Chat: " + delivered
							+ " messages delivered to a participant before a kill; missing from the stored history: "
							+ missing);
		}
		catch (Exception ex) {
			verdicts.check(false, "Chat: the stored messages could not be read: " + ex);
		}
	}

}
