package dev.userdirectory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.crash.Observers;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * What durable commits cost on the embedded H2 database: the service jar on a fresh H2
 * file with the shipped setting (every commit written before it is acknowledged) and with
 * H2's own default (WRITE_DELAY=500, which loses acknowledged writes on a kill),
 * alternately in one run, each measured by the CreateUser rate of concurrent callers and
 * the rate of one CreateUsers stream.
 * <p>
 * Usage: {@code DurabilityCost JAR GRPC_PORT ROUNDS CALLERS SECONDS STREAM_USERS}
 */
public final class DurabilityCost {

	private DurabilityCost() {
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		int port = Integer.parseInt(args[1]);
		int rounds = Integer.parseInt(args[2]);
		int callers = Integer.parseInt(args[3]);
		int seconds = Integer.parseInt(args[4]);
		int streamUsers = Integer.parseInt(args[5]);
		for (int round = 1; round <= rounds; round++) {
			for (String variant : List.of("durable (shipped)", "WRITE_DELAY=500 (H2 default)")) {
				Path dir = Files.createTempDirectory("durability-cost");
				List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(),
						"--spring.profiles.active=dev", "--spring.grpc.server.port=" + port, "--server.port=0"));
				if (variant.startsWith("WRITE_DELAY")) {
					command.add(
							"--spring.datasource.url=jdbc:h2:file:./data/users;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500");
				}
				Path log = dir.resolve("service.log");
				Process service = new ProcessBuilder(command).directory(dir.toFile())
					.redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				try {
					String token = awaitToken(log, service);
					ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
					UserServiceGrpc.UserServiceBlockingStub users = UserServiceGrpc.newBlockingStub(channel)
						.withInterceptors(BearerToken.of(token));
					createUsers(users, callers, 3);
					double unary = createUsers(users, callers, seconds);
					double stream = createUsersStream(
							UserServiceGrpc.newStub(channel).withInterceptors(BearerToken.of(token)), streamUsers);
					System.out.printf(
							"durability-cost: round %d, %-28s CreateUser %8.0f calls/s (%d callers), CreateUsers %8.0f users/s (one stream of %d)%n",
							round, variant, unary, callers, stream, streamUsers);
					channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
				}
				finally {
					service.destroy();
					service.waitFor(60, TimeUnit.SECONDS);
				}
			}
		}
	}

	private static String awaitToken(Path log, Process service) throws Exception {
		java.util.regex.Pattern token = java.util.regex.Pattern
			.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
		for (int i = 0; i < 1500 && service.isAlive(); i++) {
			String text = Files.readString(log);
			java.util.regex.Matcher found = token.matcher(text);
			if (found.find() && text.contains("gRPC Server started")) {
				return found.group();
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the service did not start; see " + log);
	}

	/** CreateUser calls per second of {@code callers} threads over {@code seconds}. */
	private static double createUsers(UserServiceGrpc.UserServiceBlockingStub users, int callers, int seconds)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		AtomicLong calls = new AtomicLong();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Future<?>> running = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < callers; i++) {
			running.add(pool.submit(() -> {
				while (System.nanoTime() < end) {
					users.createUser(CreateUserRequest.newBuilder()
						.setEmail("cost-" + UUID.randomUUID() + "@example.com")
						.setName("Cost")
						.build());
					calls.incrementAndGet();
				}
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		pool.shutdown();
		return calls.get() / ((System.nanoTime() - started) / 1e9);
	}

	private static double createUsersStream(UserServiceGrpc.UserServiceStub users, int count) throws Exception {
		CompletableFuture<CreateUsersResponse> done = new CompletableFuture<>();
		long started = System.nanoTime();
		StreamObserver<CreateUsersRequest> requests = users.withDeadlineAfter(10, TimeUnit.MINUTES)
			.createUsers(Observers.completing(done));
		for (int i = 0; i < count; i++) {
			requests.onNext(CreateUsersRequest.newBuilder()
				.setUser(CreateUserRequest.newBuilder()
					.setEmail("bulk-" + UUID.randomUUID() + "@example.com")
					.setName("Bulk"))
				.build());
		}
		requests.onCompleted();
		done.get(10, TimeUnit.MINUTES);
		return count / ((System.nanoTime() - started) / 1e9);
	}

}
