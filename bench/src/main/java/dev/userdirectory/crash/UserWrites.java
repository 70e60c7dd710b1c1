package dev.userdirectory.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * CreateUser (with a request_id), then UpdateUser without an etag a few times, then
 * DeleteUser, user after user: every kind of unary write, each acknowledged one recorded
 * with the etag it got.
 */
final class UserWrites implements Workload {

	/** One user's writes as the client saw them. */
	private static final class Written {

		final String requestId = UUID.randomUUID().toString();

		final String email;

		String id;

		/** The etag of the last acknowledged create or update. */
		String etag;

		/** The name sent by an update that got no answer, if any. */
		String unansweredName;

		boolean createAnswered;

		boolean deleteSent;

		boolean deleteAnswered;

		Written(String email) {
			this.email = email;
		}

		/** The same request every time, so a retry is recognised by its request_id. */
		CreateUserRequest createRequest() {
			return CreateUserRequest.newBuilder()
				.setEmail(this.email)
				.setName("Created")
				.setRequestId(this.requestId)
				.build();
		}

	}

	private static final int UPDATES_PER_USER = 3;

	private final String name;

	private final List<Written> users = new ArrayList<>();

	private final List<String> acknowledgedEtags = new ArrayList<>();

	private int acknowledged;

	UserWrites(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void run(Clients clients) {
		try {
			for (int n = 0;; n++) {
				Written user = new Written(this.name + "-" + UUID.randomUUID() + "@crash.example");
				synchronized (this) {
					this.users.add(user);
				}
				User created = clients.blocking()
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.createUser(user.createRequest())
					.getUser();
				answered(user, created, true);
				for (int update = 0; update < UPDATES_PER_USER; update++) {
					String newName = "Update " + update;
					user.unansweredName = newName;
					User updated = clients.blocking()
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.updateUser(UpdateUserRequest.newBuilder()
							.setUser(User.newBuilder().setId(created.getId()).setName(newName))
							.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
							.build())
						.getUser();
					answered(user, updated, false);
				}
				if (n % 2 == 0) {
					user.deleteSent = true;
					clients.blocking()
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.deleteUser(DeleteUserRequest.newBuilder().setId(created.getId()).build());
					synchronized (this) {
						user.deleteAnswered = true;
						this.acknowledged++;
					}
				}
			}
		}
		catch (StatusRuntimeException serviceWentAway) {
			// The kill: whatever was in flight stays unanswered in the ledger.
		}
	}

	private synchronized void answered(Written user, User answer, boolean create) {
		user.id = answer.getId();
		user.etag = answer.getEtag();
		user.unansweredName = null;
		user.createAnswered |= create;
		this.acknowledgedEtags.add(answer.getEtag());
		this.acknowledged++;
	}

	@Override
	public synchronized int acknowledged() {
		return this.acknowledged;
	}

	@Override
	public synchronized void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts) {
		int lost = 0;
		int wrongVersion = 0;
		int deletedCameBack = 0;
		int retriesThatDisagreed = 0;
		List<String> examples = new ArrayList<>();
		for (Written user : this.users) {
			User stored = usersByEmail.get(user.email);
			if (!user.createAnswered) {
				// Never answered: a retry with the same request_id must return the one
				// user, if any.
				User retried = clients.blocking().createUser(user.createRequest()).getUser();
				if (stored != null && !stored.getId().equals(retried.getId())) {
					retriesThatDisagreed++;
					examples
						.add("retry of " + user.email + " returned " + retried.getId() + ", stored " + stored.getId());
				}
				continue;
			}
			if (user.deleteAnswered) {
				if (exists(clients, user.id)) {
					deletedCameBack++;
					examples.add("deleted " + user.id + " is back");
				}
				continue;
			}
			if (stored == null) {
				if (!user.deleteSent) {
					lost++;
					examples.add("acknowledged " + user.email + " (" + user.id + ") is gone");
				}
				continue;
			}
			boolean asAnswered = stored.getEtag().equals(user.etag);
			boolean unansweredApplied = user.unansweredName != null && stored.getName().equals(user.unansweredName);
			if (!asAnswered && !unansweredApplied) {
				wrongVersion++;
				examples.add(user.id + " is at etag " + stored.getEtag() + " (" + stored.getName() + "), acknowledged "
						+ user.etag);
			}
		}
		verdicts
			.check(lost == 0 && wrongVersion == 0 && deletedCameBack == 0 && retriesThatDisagreed == 0, String.format(
					"%s: %d acknowledged writes over %d users; lost %d, at an older version %d, deleted and back %d,"
							+ " request_id retries that found another user %d%s",
					this.name, this.acknowledged, this.users.size(), lost, wrongVersion, deletedCameBack,
					retriesThatDisagreed,
					examples.isEmpty() ? "" : " e.g. " + examples.subList(0, Math.min(3, examples.size()))));
	}

	/**
	 * The etag of every acknowledged create and update: each must be in the change feed
	 * once.
	 */
	synchronized List<String> acknowledgedEtags() {
		return List.copyOf(this.acknowledgedEtags);
	}

	/** Ids whose DeleteUser was acknowledged. */
	synchronized List<String> acknowledgedDeletes() {
		return this.users.stream().filter((user) -> user.deleteAnswered).map((user) -> user.id).toList();
	}

	private static boolean exists(Clients clients, String id) {
		try {
			clients.blocking().getUser(GetUserRequest.newBuilder().setId(id).build());
			return true;
		}
		catch (StatusRuntimeException ex) {
			if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
				return false;
			}
			throw ex;
		}
	}

}
