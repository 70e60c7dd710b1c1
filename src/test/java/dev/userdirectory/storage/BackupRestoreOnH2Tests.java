package dev.userdirectory.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database backed up online through {@code POST /actuator/backup} while
 * writers keep writing, restored into a fresh directory as docs/durability.md says, and
 * the service started on it: every user acknowledged before the backup began is there,
 * and the change feed carries on from a token handed out before the backup.
 */
class BackupRestoreOnH2Tests {

	@TempDir
	Path live;

	@TempDir
	Path restored;

	private final List<ConfigurableApplicationContext> services = new ArrayList<>();

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void stop() {
		this.channels.forEach(ManagedChannel::shutdownNow);
		this.services.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void onlyAnOperatorTokenMayRunABackup() throws Exception {
		ConfigurableApplicationContext service = start(this.live.resolve("users"));
		assertThat(postBackup(service, null).statusCode()).isEqualTo(401);
		assertThat(postBackup(service, TestJwtIssuer.validToken()).statusCode()).as("read/write/chat scopes")
			.isEqualTo(403);
		assertThat(postBackup(service, adminToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void aBackupTakenUnderWriteLoadRestoresEveryUserAcknowledgedBeforeItAndTheFeedGoesOn() throws Exception {
		ConfigurableApplicationContext service = start(this.live.resolve("users"));
		UserServiceGrpc.UserServiceBlockingStub users = users(service);
		BlockingQueue<WatchUserChangesResponse> feed = new LinkedBlockingQueue<>();
		UserServiceGrpc.newStub(channel(service))
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), collectInto(feed));
		String tokenBeforeBackup = null;
		for (int attempt = 0; attempt < 50 && tokenBeforeBackup == null; attempt++) {
			create(users);
			WatchUserChangesResponse change = feed.poll(500, TimeUnit.MILLISECONDS);
			tokenBeforeBackup = change == null ? null : change.getResumeToken();
		}
		assertThat(tokenBeforeBackup).as("the watch delivered a change").isNotNull();

		List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread writer = new Thread(() -> {
			while (writing.get()) {
				acknowledged.add(create(users));
			}
		});
		writer.start();
		Thread.sleep(500);
		List<String> acknowledgedBeforeBackup = List.copyOf(acknowledged);
		HttpResponse<String> backup = postBackup(service, adminToken());
		Thread.sleep(300);
		writing.set(false);
		writer.join();
		assertThat(backup.statusCode()).as(backup.body()).isEqualTo(200);
		Path zip = Path.of(backup.body().replaceAll(".*\"file\":\"([^\"]+)\".*", "$1"));
		assertThat(acknowledgedBeforeBackup).isNotEmpty();
		assertThat(acknowledged).as("writes went on during the backup")
			.hasSizeGreaterThan(acknowledgedBeforeBackup.size());

		unzip(zip, this.restored);
		ConfigurableApplicationContext restoredService = start(this.restored.resolve("users"));
		UserServiceGrpc.UserServiceBlockingStub restoredUsers = users(restoredService);
		for (String id : acknowledgedBeforeBackup) {
			assertThat(restoredUsers.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser().getId())
				.isEqualTo(id);
		}
		BlockingQueue<WatchUserChangesResponse> resumed = new LinkedBlockingQueue<>();
		UserServiceGrpc.newStub(channel(restoredService))
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.watchUserChanges(WatchUserChangesRequest.newBuilder().setResumeToken(tokenBeforeBackup).build(),
					collectInto(resumed));
		String createdAfterRestore = create(restoredUsers);
		List<String> seen = new ArrayList<>();
		for (WatchUserChangesResponse change = resumed.poll(15, TimeUnit.SECONDS); change != null
				&& !seen.contains(createdAfterRestore); change = resumed.poll(15, TimeUnit.SECONDS)) {
			seen.add(change.getUser().getId());
		}
		assertThat(seen).as("the feed resumes from a token handed out before the backup")
			.containsSubsequence(acknowledgedBeforeBackup)
			.endsWith(createdAfterRestore);
	}

	private ConfigurableApplicationContext start(Path database) {
		ConfigurableApplicationContext service = new SpringApplicationBuilder(UserDirectoryApplication.class).run(
				"--spring.grpc.server.port=" + freePort(), "--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + database,
				"--users.backup.directory=" + this.live.resolveSibling(this.live.getFileName() + "-backups"),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.audiences=" + TestJwtIssuer.AUDIENCE,
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri());
		this.services.add(service);
		return service;
	}

	private ManagedChannel channel(ConfigurableApplicationContext service) {
		int port = Integer.parseInt(service.getEnvironment()
			.getProperty("local.grpc.server.port", service.getEnvironment().getProperty("spring.grpc.server.port")));
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.channels.add(channel);
		return channel;
	}

	private UserServiceGrpc.UserServiceBlockingStub users(ConfigurableApplicationContext service) {
		return UserServiceGrpc.newBlockingStub(channel(service))
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()));
	}

	private static String create(UserServiceGrpc.UserServiceBlockingStub users) {
		return users.withDeadlineAfter(30, TimeUnit.SECONDS)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("backup-" + UUID.randomUUID() + "@example.com")
				.setName("Backed up")
				.build())
			.getUser()
			.getId();
	}

	private static HttpResponse<String> postBackup(ConfigurableApplicationContext service, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
				"http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port") + "/actuator/backup"))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String adminToken() {
		return TestJwtIssuer.token().scopes("users.admin").sign();
	}

	/**
	 * What docs/durability.md tells an operator to do: unzip the backup into the new data
	 * directory.
	 */
	private static void unzip(Path zip, Path directory) throws IOException {
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				Files.copy(in, directory.resolve(Path.of(entry.getName()).getFileName()));
			}
		}
	}

	private static StreamObserver<WatchUserChangesResponse> collectInto(
			BlockingQueue<WatchUserChangesResponse> changes) {
		return new StreamObserver<>() {
			@Override
			public void onNext(WatchUserChangesResponse value) {
				changes.add(value);
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
			}
		};
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
