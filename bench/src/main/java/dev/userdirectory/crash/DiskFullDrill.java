package dev.userdirectory.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.rpc.ErrorInfo;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import com.google.protobuf.FieldMask;

/**
 * The disk-full drill: the service's working directory (and so its embedded database) on
 * a small file system that the drill fills. Writes must then fail fast with
 * RESOURCE_EXHAUSTED and reason STORAGE_FULL, reads go on, readiness says why, and once
 * space is freed writes succeed again without a restart; nothing stored before is
 * damaged, also across a restart.
 * <p>
 * Usage: {@code DiskFullDrill JAR WORK_DIR GRPC_PORT HTTP_PORT [service args...]},
 * WORK_DIR on the small file system.
 */
public final class DiskFullDrill {

	private static final Duration START_LIMIT = Duration.ofSeconds(300);

	private static final int STORED_BEFORE = 40;

	private DiskFullDrill() {
	}

	public static void main(String[] args) throws Exception {
		Path workDir = Path.of(args[1]);
		int httpPort = Integer.parseInt(args[3]);
		ServiceProcess service = new ServiceProcess(Path.of(args[0]), workDir, Integer.parseInt(args[2]), httpPort,
				Arrays.asList(args).subList(4, args.length));
		Verdicts verdicts = new Verdicts("disk-full-drill");
		Path filler = workDir.resolve("filler");
		try {
			String token = service.start(START_LIMIT);
			ManagedChannel channel = service.channel();
			UserServiceGrpc.UserServiceBlockingStub users = UserServiceGrpc.newBlockingStub(channel)
				.withInterceptors(BearerToken.of(token));
			List<User> stored = new ArrayList<>();
			for (int i = 0; i < STORED_BEFORE; i++) {
				stored.add(users
					.createUser(CreateUserRequest.newBuilder().setEmail(email()).setName("Before " + i).build())
					.getUser());
			}
			long filled = fill(filler);
			verdicts.info("filled the file system with " + filled / (1024 * 1024) + " MiB");
			Thread.sleep(1500);

			long started = System.nanoTime();
			StatusRuntimeException createRefused = refusal(() -> users.withDeadlineAfter(10, TimeUnit.SECONDS)
				.createUser(CreateUserRequest.newBuilder().setEmail(email()).setName("During").build()));
			long refusedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			StatusRuntimeException updateRefused = refusal(() -> users.withDeadlineAfter(10, TimeUnit.SECONDS)
				.updateUser(UpdateUserRequest.newBuilder()
					.setUser(User.newBuilder().setId(stored.get(0).getId()).setName("During"))
					.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
					.build()));
			verdicts.check(isStorageFull(createRefused) && isStorageFull(updateRefused) && refusedMs < 2000,
					"disk full: CreateUser and UpdateUser fail with " + describe(createRefused) + " / "
							+ describe(updateRefused) + ", the first in " + refusedMs + " ms");
			verdicts.check(allReadable(users, stored),
					"disk full: GetUser still answers for all " + STORED_BEFORE + " users stored before");
			HttpResponse<String> readiness = readiness(httpPort);
			verdicts.check(readiness.statusCode() == 200 && readiness.body().contains("STORAGE_FULL"),
					"disk full: readiness says why (HTTP " + readiness.statusCode() + ", " + readiness.body() + ")");

			Files.delete(filler);
			User after = null;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (after == null && System.nanoTime() < deadline) {
				try {
					after = users.createUser(CreateUserRequest.newBuilder().setEmail(email()).setName("After").build())
						.getUser();
				}
				catch (StatusRuntimeException stillRefused) {
					Thread.sleep(200);
				}
			}
			verdicts.check(after != null, "space freed: writes succeed again without a restart");
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

			service.stop();
			token = service.start(START_LIMIT);
			ManagedChannel restarted = service.channel();
			UserServiceGrpc.UserServiceBlockingStub again = UserServiceGrpc.newBlockingStub(restarted)
				.withInterceptors(BearerToken.of(token));
			if (after != null) {
				stored.add(after);
			}
			verdicts.check(allReadable(again, stored),
					"after a restart every user stored before, and the one written after freeing space, is intact");
			restarted.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			verdicts.check(false, "the drill could not go on: " + ex);
		}
		finally {
			Files.deleteIfExists(filler);
			service.stop();
		}
		System.exit(verdicts.summarize() ? 0 : 1);
	}

	/**
	 * Writes zeros until the file system refuses more; returns how many bytes went in.
	 */
	private static long fill(Path filler) throws IOException {
		byte[] block = new byte[1024 * 1024];
		long written = 0;
		try (OutputStream out = Files.newOutputStream(filler)) {
			while (true) {
				out.write(block);
				written += block.length;
			}
		}
		catch (IOException full) {
			return written;
		}
	}

	private static StatusRuntimeException refusal(Runnable call) {
		try {
			call.run();
			return null;
		}
		catch (StatusRuntimeException ex) {
			return ex;
		}
	}

	private static boolean isStorageFull(StatusRuntimeException ex) {
		return ex != null && ex.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
				&& reason(ex).equals("STORAGE_FULL");
	}

	private static String reason(StatusRuntimeException ex) {
		com.google.rpc.Status status = StatusProto.fromThrowable(ex);
		if (status == null) {
			return "";
		}
		return status.getDetailsList().stream().filter((detail) -> detail.is(ErrorInfo.class)).map((detail) -> {
			try {
				return detail.unpack(ErrorInfo.class).getReason();
			}
			catch (com.google.protobuf.InvalidProtocolBufferException bad) {
				return "";
			}
		}).findFirst().orElse("");
	}

	private static String describe(StatusRuntimeException ex) {
		return ex == null ? "success (not refused)" : ex.getStatus().getCode() + " " + reason(ex);
	}

	private static boolean allReadable(UserServiceGrpc.UserServiceBlockingStub users, List<User> stored) {
		for (User user : stored) {
			try {
				User now = users.getUser(GetUserRequest.newBuilder().setId(user.getId()).build()).getUser();
				if (!now.getEtag().equals(user.getEtag())) {
					return false;
				}
			}
			catch (StatusRuntimeException ex) {
				return false;
			}
		}
		return true;
	}

	private static HttpResponse<String> readiness(int httpPort) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String email() {
		return "disk-" + UUID.randomUUID() + "@drill.example";
	}

}
