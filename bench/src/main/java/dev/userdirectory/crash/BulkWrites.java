package dev.userdirectory.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.User;
import io.grpc.stub.StreamObserver;

/**
 * CreateUsers streams, one after another: each answered one must be whole, a cut one
 * absent.
 */
final class BulkWrites implements Workload {

	private static final int USERS_PER_STREAM = 300;

	private final List<String> answered = new ArrayList<>();

	private final List<String> unanswered = new ArrayList<>();

	@Override
	public String name() {
		return "CreateUsers";
	}

	@Override
	public void run(Clients clients) {
		while (true) {
			String batch = UUID.randomUUID().toString();
			synchronized (this) {
				this.unanswered.add(batch);
			}
			CompletableFuture<CreateUsersResponse> response = new CompletableFuture<>();
			StreamObserver<CreateUsersRequest> requests = clients.async()
				.withDeadlineAfter(30, TimeUnit.SECONDS)
				.createUsers(Observers.completing(response));
			try {
				for (int i = 0; i < USERS_PER_STREAM; i++) {
					requests.onNext(CreateUsersRequest.newBuilder()
						.setUser(CreateUserRequest.newBuilder().setEmail(email(batch, i)).setName("Bulk " + i))
						.build());
				}
				requests.onCompleted();
				response.get(60, TimeUnit.SECONDS);
			}
			catch (ExecutionException | RuntimeException | java.util.concurrent.TimeoutException ex) {
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			synchronized (this) {
				this.unanswered.remove(batch);
				this.answered.add(batch);
			}
		}
	}

	private static String email(String batch, int i) {
		return "bulk-" + batch + "-" + i + "@crash.example";
	}

	@Override
	public synchronized int acknowledged() {
		return this.answered.size();
	}

	@Override
	public synchronized void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts) {
		int incomplete = 0;
		for (String batch : this.answered) {
			if (present(batch, usersByEmail) != USERS_PER_STREAM) {
				incomplete++;
			}
		}
		List<String> partial = new ArrayList<>();
		for (String batch : this.unanswered) {
			long present = present(batch, usersByEmail);
			if (present != 0 && present != USERS_PER_STREAM) {
				partial.add(present + " of " + USERS_PER_STREAM);
			}
		}
		verdicts.check(incomplete == 0 && partial.isEmpty(),
				String.format(
						"CreateUsers: %d answered streams of %d users, %d not whole; %d cut by the kill, stored as a"
								+ " prefix %d%s",
						this.answered.size(), USERS_PER_STREAM, incomplete, this.unanswered.size(), partial.size(),
						partial.isEmpty() ? "" : " " + partial));
	}

	/** The users of every answered stream: each must be in the change feed. */
	synchronized List<String> answeredEmails() {
		List<String> emails = new ArrayList<>();
		for (String batch : this.answered) {
			for (int i = 0; i < USERS_PER_STREAM; i++) {
				emails.add(email(batch, i));
			}
		}
		return emails;
	}

	private static long present(String batch, Map<String, User> usersByEmail) {
		String prefix = "bulk-" + batch + "-";
		return usersByEmail.keySet().stream().filter((email) -> email.startsWith(prefix)).count();
	}

}
