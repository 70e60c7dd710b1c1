package com.example.onboarding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.client.CallOutcome;
import dev.userdirectory.client.UsersClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * This application against the real users.v1 service over a socket, configured only as
 * application.yaml says: a target and a token.
 */
@SpringBootTest
class NewHiresTests {

	private static UsersServiceProcess service;

	private static final List<CallOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

	@Autowired
	NewHires newHires;

	@Autowired
	UsersClient users;

	private final String team = "team-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void usersService(DynamicPropertyRegistry properties) throws Exception {
		service = UsersServiceProcess.start();
		properties.add("spring.grpc.client.channel.users.target", () -> "static://127.0.0.1:" + service.port);
		properties.add("users.client.token", () -> service.token);
	}

	@AfterAll
	static void stopService() throws InterruptedException {
		service.stop();
	}

	@Test
	void registersAHireOnceHoweverOftenTheImportRuns() {
		User first = register(1);
		User again = register(1);

		assertThat(again.getId()).isEqualTo(first.getId());
		User read = this.users.get(first.getId());
		assertThat(read.getName()).isEqualTo("Hire 1");
		assertThat(read.getTagsList()).containsExactly(this.team);
		assertThat(read.getEtag()).isNotEmpty();
	}

	@Test
	void renamesTheVersionItReadAndRefusesToOverwriteALaterChange() {
		User read = this.users.get(register(2).getId());

		User renamed = this.newHires.rename(read, "Hire Two");
		assertThat(renamed.getName()).isEqualTo("Hire Two");
		assertThat(renamed.getEtag()).isNotEqualTo(read.getEtag());

		StatusRuntimeException stale = assertThrows(StatusRuntimeException.class,
				() -> this.newHires.rename(read, "Overwritten"));
		assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
		assertThat(this.users.get(read.getId()).getName()).isEqualTo("Hire Two");
	}

	@Test
	void readsAWholeTeamAcrossPagesInJoiningOrder() {
		List<String> hired = IntStream.range(10, 17).mapToObj((n) -> register(n).getId()).toList();
		outcomes.clear();

		List<User> team = this.newHires.team(this.team, 3);

		assertThat(team).extracting(User::getId).containsExactlyElementsOf(hired);
		assertThat(outcomes).filteredOn((outcome) -> outcome.method().endsWith("/ListUsers")).hasSize(3);
	}

	@Test
	void findsAHireByEmployeeNumberEvenOneAFilterWouldMisread() {
		String awkward = this.team + "-\"7\\";
		User registered = this.newHires.register(awkward, this.team + "-7@example.com", "Hire 7", this.team);

		assertThat(this.newHires.byEmployeeNumber(awkward)).map(User::getId).contains(registered.getId());
		assertThat(registered.getExternalId()).isEqualTo(awkward);
		assertThat(this.newHires.byEmployeeNumber(this.team + "-unknown")).isEmpty();
	}

	@Test
	void offboardsTheVersionItReadAndRefusesAStaleOne() {
		User read = this.users.get(register(8).getId());

		User offboarded = this.newHires.offboard(read);
		assertThat(offboarded.getStatus()).isEqualTo(UserStatus.USER_STATUS_INACTIVE);

		StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> this.newHires.offboard(read));
		assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
	}

	@Test
	void aWatchResumedFromItsTokenDeliversWhatHappenedWhileItWasClosed() throws InterruptedException {
		BlockingQueue<WatchUserChangesResponse> changes = new LinkedBlockingQueue<>();
		List<Throwable> failures = new ArrayList<>();
		String resumeToken;
		try (UsersClient.Watch watch = this.users.watch("", changes::add, failures::add)) {
			User before = registerUntilSeen(changes);
			resumeToken = watch.resumeToken();
			assertThat(resumeToken).as("after %s", before.getId()).isNotEmpty();
		}
		String whileClosed = register(21).getId();

		BlockingQueue<WatchUserChangesResponse> resumed = new LinkedBlockingQueue<>();
		try (UsersClient.Watch watch = this.users.watch(resumeToken, resumed::add, failures::add)) {
			WatchUserChangesResponse change = resumed.poll(30, TimeUnit.SECONDS);
			assertThat(change).as("the change made while the watch was closed").isNotNull();
			assertThat(change.getChangeType()).isEqualTo(ChangeType.CHANGE_TYPE_CREATED);
			assertThat(change.getUser().getId()).isEqualTo(whileClosed);
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void aCallThatOutlivesItsDeadlineFailsWithDeadlineExceeded() {
		// A watch never ends by itself, so its deadline always expires first.
		Iterator<WatchUserChangesResponse> watch = this.users.withDeadline(Duration.ofMillis(500))
			.blocking()
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance());

		long started = System.nanoTime();
		StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, watch::hasNext);

		assertThat(expired.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	/**
	 * "From now" starts when the service has the stream, so create until the watch sees
	 * one.
	 */
	private User registerUntilSeen(BlockingQueue<WatchUserChangesResponse> changes) throws InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			User user = register(100 + attempt);
			WatchUserChangesResponse change = changes.poll(500, TimeUnit.MILLISECONDS);
			if (change != null) {
				while (!change.getUser().getId().equals(user.getId())) {
					change = changes.poll(5, TimeUnit.SECONDS);
					assertThat(change).as("the change of %s", user.getId()).isNotNull();
				}
				return user;
			}
		}
		throw new AssertionError("the watch delivered nothing");
	}

	private User register(int n) {
		return this.newHires.register(this.team + "-" + n, this.team + "-" + n + "@example.com", "Hire " + n,
				this.team);
	}

	@TestConfiguration
	static class RecordOutcomes {

		/** The starter reports every call's outcome to Consumer<CallOutcome> beans. */
		@Bean
		java.util.function.Consumer<CallOutcome> recordOutcome() {
			return outcomes::add;
		}

	}

}
