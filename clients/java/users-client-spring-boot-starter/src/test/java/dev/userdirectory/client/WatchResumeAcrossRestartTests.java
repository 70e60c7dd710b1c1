package dev.userdirectory.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UsersClient.watch against the real service, which is stopped and started again on the
 * same port and database mid-watch: the watch carries on by itself, and the changes it
 * delivers are exactly the ones made, in order, none lost and none repeated.
 */
class WatchResumeAcrossRestartTests {

	@TempDir
	Path directory;

	private RunningService service;

	private UsersClientContext client;

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void aWatchCarriesOnAcrossAServerRestartWithoutLosingOrRepeatingAChange() throws Exception {
		this.service = new RunningService(this.directory);
		this.client = new UsersClientContext(this.service.port(), "--users.client.token=" + this.service.token(),
				"--users.client.watch.max-backoff=1s");
		UsersClient users = this.client.client();
		BlockingQueue<WatchUserChangesResponse> delivered = new LinkedBlockingQueue<>();
		List<Throwable> failures = new ArrayList<>();
		try (UsersClient.Watch watch = users.watch("", delivered::add, failures::add)) {
			String firstSeen = createUntilTheWatchIsLive(users, delivered);

			List<String> created = new ArrayList<>();
			created.addAll(createUsers(users, 3));
			this.service.restart();
			created.addAll(createUsers(users, 3));

			List<String> seen = new ArrayList<>();
			for (int i = 0; i < created.size(); i++) {
				// The channel and the watch reconnect with backoff, grown while the jar
				// restarted.
				WatchUserChangesResponse change = delivered.poll(2, TimeUnit.MINUTES);
				assertThat(change).as("change %d of %d after the restart; seen %s", i + 1, created.size(), seen)
					.isNotNull();
				seen.add(change.getUser().getId());
			}
			assertThat(seen).as("after %s", firstSeen).containsExactlyElementsOf(created);
			// Nothing replayed a little later either.
			assertThat(delivered.poll(1, TimeUnit.SECONDS)).isNull();
			assertThat(watch.resumeToken()).isNotEmpty();
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * "From now" starts when the server has the stream: until a change arrives, it may
	 * not.
	 */
	private static String createUntilTheWatchIsLive(UsersClient users,
			BlockingQueue<WatchUserChangesResponse> delivered) throws InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			createUsers(users, 1);
			WatchUserChangesResponse first = delivered.poll(500, TimeUnit.MILLISECONDS);
			if (first != null) {
				// Earlier warm-up creates may still be in flight to us: drain them.
				while (delivered.poll(300, TimeUnit.MILLISECONDS) != null) {
				}
				return first.getUser().getId();
			}
		}
		throw new AssertionError("the watch delivered nothing");
	}

	/**
	 * Waits for the connection (wait-for-ready) rather than failing fast: right after the
	 * restart the channel may still be backing off from its failed reconnects, for longer
	 * than the default deadline when the restart was slow.
	 */
	private static List<String> createUsers(UsersClient users, int count) {
		return Stream
			.generate(() -> users.withDeadline(java.time.Duration.ofMinutes(2))
				.blocking()
				.withWaitForReady()
				.createUser(CreateUserRequest.newBuilder()
					.setEmail("restart-" + UUID.randomUUID() + "@example.com")
					.setName("Restart")
					.build())
				.getUser()
				.getId())
			.limit(count)
			.toList();
	}

}
