package dev.userdirectory.client.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.client.CallOutcome;
import dev.userdirectory.client.UsersClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Bean;

/**
 * {@code demo}: walks through the API with {@link UsersClient} (create, get, list, update
 * with an etag, watch and resume) and prints, after each step, what the channel did:
 * status, attempts (retries), time taken and deadline.
 */
class DemoCommand implements ApplicationRunner, ExitCodeGenerator {

	private final PrintStream out = System.out;

	private final UsersClient users;

	private int exitCode;

	DemoCommand(UsersClient users) {
		this.users = users;
	}

	/**
	 * Prints each call's outcome as it closes: the part of a call that code never sees.
	 */
	@Bean
	static Consumer<CallOutcome> printCallOutcomes() {
		return (outcome) -> System.out.println("    call: " + outcome);
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		try {
			walkThrough();
			this.out.println("demo: done");
		}
		catch (StatusRuntimeException failure) {
			this.out.println("demo: failed: " + failure.getStatus());
			this.exitCode = 1;
		}
	}

	private void walkThrough() throws InterruptedException {
		String tag = "demo-" + UUID.randomUUID().toString().substring(0, 8);
		LinkedBlockingQueue<WatchUserChangesResponse> changes = new LinkedBlockingQueue<>();

		step("watch changes from now (the stream re-opens itself from its last resume token if it breaks)");
		UsersClient.Watch watch = this.users.watch("", changes::add,
				(failure) -> this.out.println("watch ended: " + failure));

		step("create a user; a request_id makes the call safe to retry, so a repeat returns the same user");
		CreateUserRequest ada = CreateUserRequest.newBuilder()
			.setEmail(tag + "-ada@example.com")
			.setName("Ada Lovelace")
			.setAge(36)
			.addTags(tag)
			.setRequestId(tag + "-ada")
			.build();
		User created = this.users.create(ada).getUser();
		User repeated = this.users.create(ada).getUser();
		this.out.printf("  created %s (%s); the repeat returned %s%n", created.getId(), created.getEmail(),
				repeated.getId());

		step("get it back");
		User fetched = this.users.get(created.getId());
		this.out.printf("  %s, etag %s%n", fetched.getName(), fetched.getEtag());

		step("create two more and list the tag, two per page (pages are fetched as the stream is read)");
		for (String name : List.of("Grace Hopper", "Edsger Dijkstra")) {
			this.users.create(CreateUserRequest.newBuilder()
				.setEmail(tag + "-" + name.split(" ")[0].toLowerCase() + "@example.com")
				.setName(name)
				.addTags(tag)
				.build());
		}
		try (var listed = this.users.list("tag = \"" + tag + "\"", 2)) {
			listed.forEach((user) -> this.out.printf("  %s <%s>%n", user.getName(), user.getEmail()));
		}

		step("update the name with the etag we read: only succeeds if nobody changed the user since");
		User renamed = this.users.update(fetched.toBuilder().setName("Augusta Ada King").build(), "name");
		this.out.printf("  renamed to %s, new etag %s%n", renamed.getName(), renamed.getEtag());

		step("the same update again with the old etag: ABORTED, nothing written (not retried)");
		expectFailure(() -> this.users.update(fetched.toBuilder().setName("Stale").build(), "name"));

		step("a per-call deadline shorter than any answer: DEADLINE_EXCEEDED, once the deadline passes");
		expectFailure(() -> this.users.withDeadline(Duration.ofMillis(1)).get(created.getId()));

		step("stop the watch, change the user while nobody watches, then resume from the last token");
		// Up to the rename, whose token the resumed watch continues from. The creates may
		// come first,
		// or not: "from now" starts when the service receives the watch, and watch() does
		// not wait
		// for that, so the first create can win the race (a smoke test once saw exactly
		// that).
		awaitChange(changes, renamed.getEtag());
		String resumeToken = watch.resumeToken();
		watch.close();
		this.users.update(renamed.toBuilder().setAge(37).build(), "age");
		this.users.delete(created.getId(), "");
		changes.clear();
		try (UsersClient.Watch resumed = this.users.watch(resumeToken, changes::add,
				(failure) -> this.out.println("watch ended: " + failure))) {
			awaitChanges(changes, 2);
		}
	}

	/** Prints changes as they come until the one that left the user with {@code etag}. */
	private void awaitChange(LinkedBlockingQueue<WatchUserChangesResponse> changes, String etag)
			throws InterruptedException {
		for (int received = 0;; received++) {
			WatchUserChangesResponse change = changes.poll(10, TimeUnit.SECONDS);
			if (change == null) {
				throw Status.DEADLINE_EXCEEDED
					.withDescription("the watch delivered " + received + " changes but not the one to etag " + etag)
					.asRuntimeException();
			}
			print(change);
			if (change.getUser().getEtag().equals(etag)) {
				return;
			}
		}
	}

	private void awaitChanges(LinkedBlockingQueue<WatchUserChangesResponse> changes, int count)
			throws InterruptedException {
		for (int received = 0; received < count; received++) {
			WatchUserChangesResponse change = changes.poll(10, TimeUnit.SECONDS);
			if (change == null) {
				throw Status.DEADLINE_EXCEEDED
					.withDescription("the watch delivered " + received + " of " + count + " expected changes")
					.asRuntimeException();
			}
			print(change);
		}
	}

	private void print(WatchUserChangesResponse change) {
		this.out.printf("  watch: %s %s (%s)%n", change.getChangeType(), change.getUser().getName(),
				change.getUser().getId());
	}

	private void expectFailure(Runnable call) {
		try {
			call.run();
			throw Status.INTERNAL.withDescription("the call succeeded but should have failed").asRuntimeException();
		}
		catch (StatusRuntimeException expected) {
			if (expected.getStatus().getCode() == Status.Code.INTERNAL) {
				throw expected;
			}
			this.out.printf("  failed as expected: %s: %s%n", expected.getStatus().getCode(),
					expected.getStatus().getDescription());
		}
	}

	private void step(String what) {
		this.out.println();
		this.out.println("== " + what);
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
