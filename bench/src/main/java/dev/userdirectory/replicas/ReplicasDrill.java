package dev.userdirectory.replicas;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.FieldMask;
import com.nimbusds.jose.jwk.RSAKey;
import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.PemRsaKey;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The end-to-end drill of scripts/replicas-e2e (not a test: it needs three running
 * instances of the jar on one PostgreSQL database, which the script starts as the Helm
 * chart would). Over real sockets, with the generated stubs and tokens signed by the key
 * the instances trust, it shows: (a) a user created through any replica is read through
 * the others, by GetUser and ListUsers, also paging across replicas; (b) a watcher on
 * replica 1 sees every change made through each replica exactly once, in order; (c) chat
 * participants on different replicas hear each other; (d) {@link KillMidStream}: a
 * watcher whose replica is killed resumes on another without losing or repeating a
 * change.
 *
 * Arguments: private-key.pem grpc-ports http-ports kill-replica-3-command (ports
 * comma-separated, replica 1 first). Exits 0 only when every check passed.
 */
public final class ReplicasDrill {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<Replica> replicas;

	private final RSAKey key;

	private final DrillChecks checks = new DrillChecks();

	/** Tags everything this run creates, so a check counts nothing but its own users. */
	private final String tag = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

	private ReplicasDrill(List<Replica> replicas, RSAKey key) {
		this.replicas = replicas;
		this.key = key;
	}

	public static void main(String[] args) throws Exception {
		RSAKey key = PemRsaKey.read(Path.of(args[0]), "replicas-e2e");
		int[] grpcPorts = ports(args[1]);
		int[] httpPorts = ports(args[2]);
		Map<String, String> tokens = new ConcurrentHashMap<>();
		List<Replica> replicas = new ArrayList<>();
		for (int i = 0; i < grpcPorts.length; i++) {
			replicas.add(new Replica("replica " + (i + 1), grpcPorts[i], httpPorts[i],
					(subject) -> tokens.computeIfAbsent(subject, (s) -> token(key).subject(s).sign())));
		}
		boolean passed = new ReplicasDrill(replicas, key).run(args[3]);
		for (Replica replica : replicas) {
			replica.close();
		}
		System.exit(passed ? 0 : 1);
	}

	/**
	 * As the chart's issuer would sign them (audience, scopes); valid for longer than any
	 * run.
	 */
	private static TestJwtIssuer.Token token(RSAKey key) {
		return TestJwtIssuer.token().signedWith(key).expiresAt(Instant.now().plus(Duration.ofHours(1)));
	}

	private boolean run(String killReplicaThree) {
		this.checks.info("run tag " + this.tag + "; " + this.replicas.size() + " replicas");
		phase("(0) production configuration", this::productionConfiguration);
		phase("(a) reads across replicas", this::readsAcrossReplicas);
		String resumeToken = phaseWithResult("(b) one watcher, writes through every replica",
				this::watchSeesEveryReplica);
		phase("(c) chat across replicas", this::chatAcrossReplicas);
		if (resumeToken == null) {
			this.checks.check(false, "(d) kill -9 mid-stream (not run: phase (b) gave no resume token to start from)");
		}
		else {
			phase("(d) kill -9 mid-stream", () -> new KillMidStream(this.replicas, killReplicaThree, this.checks)
				.run(this.tag + "-d", resumeToken));
		}
		return this.checks.summarize();
	}

	/**
	 * Every replica is ready and verifies tokens as configured, not as the dev profile
	 * would: the chart's key is accepted, another key or another audience is not.
	 */
	private void productionConfiguration() {
		GetUserRequest missing = GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
		for (Replica replica : this.replicas) {
			this.checks.check(replica.readiness() == ServingStatus.SERVING,
					replica + " is SERVING (grpc.health.v1 readiness)");
			Status chartKey = statusOf(() -> replica.users("probe").getUser(missing));
			Status otherKey = statusOf(() -> replica.usersWithToken(TestJwtIssuer.validToken()).getUser(missing));
			Status otherAudience = statusOf(
					() -> replica.usersWithToken(token(this.key).audience("another-api").sign()).getUser(missing));
			this.checks.check(
					chartKey.getCode() == Status.Code.NOT_FOUND && otherKey.getCode() == Status.Code.UNAUTHENTICATED
							&& otherAudience.getCode() == Status.Code.UNAUTHENTICATED,
					replica + " accepts tokens of the configured key and audience only (got " + chartKey.getCode()
							+ ", another key " + otherKey.getCode() + ", another audience " + otherAudience.getCode()
							+ ")");
		}
	}

	private void readsAcrossReplicas() {
		String tag = this.tag + "-a";
		List<User> created = new ArrayList<>();
		for (Replica replica : this.replicas) {
			created.add(create(replica, tag));
		}
		for (int i = 0; i < created.size(); i++) {
			for (Replica reader : this.replicas) {
				if (reader != this.replicas.get(i)) {
					String problem = differenceOnRead(reader, created.get(i));
					this.checks.check(problem == null, "(a) the user created on " + this.replicas.get(i)
							+ " is read on " + reader + " (GetUser" + (problem == null ? "" : ": " + problem) + ")");
				}
			}
		}
		String filter = "tag = \"" + tag + "\"";
		for (Replica reader : this.replicas) {
			List<User> listed = page(reader, ListUsersRequest.newBuilder().setFilter(filter).build()).users();
			this.checks.check(listed.equals(created), "(a) ListUsers on " + reader + " returns the users created on "
					+ "replicas 1, 2 and 3, in creation order (" + listed.size() + " users)");
		}
		// Page tokens are signed: a token one replica issued is honoured by another only
		// if they share the key.
		List<User> paged = new ArrayList<>();
		String pageToken = "";
		for (Replica reader : this.replicas) {
			Page page = page(reader,
					ListUsersRequest.newBuilder().setFilter(filter).setPageSize(1).setPageToken(pageToken).build());
			paged.addAll(page.users());
			pageToken = page.nextPageToken();
		}
		this.checks.check(paged.equals(created) && pageToken.isEmpty(),
				"(a) ListUsers pages 1, 2, 3 read from replicas 1, 2, 3, each with the page token the previous one issued");
	}

	/**
	 * Nine changes, three through each replica, made one after the other so their order
	 * is known: user i is created through replica i, updated through the next and deleted
	 * through the one after. Returns the resume token of the last event, for phase (d) to
	 * start from.
	 */
	private String watchSeesEveryReplica() throws Exception {
		Replica watched = this.replicas.get(0);
		var watcher = new StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse>();
		double watchers = watched.gauge("users_watch_active");
		watched.streams("watcher-b").watchUserChanges(WatchUserChangesRequest.getDefaultInstance(), watcher);
		// "From now" is fixed when the replica takes the call; its gauge says when that
		// has happened.
		if (!this.checks.check(DrillChecks.eventually(WAIT, () -> watched.gauge("users_watch_active") > watchers),
				"(b) a watch from now is open on " + watched)) {
			return null;
		}
		int count = this.replicas.size();
		List<Change> made = new ArrayList<>();
		List<Replica> through = new ArrayList<>();
		List<User> users = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			users.add(create(this.replicas.get(i), this.tag + "-b"));
			made.add(Change.of(ChangeType.CHANGE_TYPE_CREATED, users.get(i)));
			through.add(this.replicas.get(i));
		}
		for (int i = 0; i < count; i++) {
			Replica writer = this.replicas.get((i + 1) % count);
			users.set(i,
					writer.users("writer-b")
						.updateUser(UpdateUserRequest.newBuilder()
							.setUser(User.newBuilder()
								.setId(users.get(i).getId())
								.setAge(40 + i)
								.setEtag(users.get(i).getEtag()))
							.setUpdateMask(FieldMask.newBuilder().addPaths("age"))
							.build())
						.getUser());
			made.add(Change.of(ChangeType.CHANGE_TYPE_UPDATED, users.get(i)));
			through.add(writer);
		}
		for (int i = 0; i < count; i++) {
			Replica writer = this.replicas.get((i + 2) % count);
			writer.users("writer-b")
				.deleteUser(DeleteUserRequest.newBuilder()
					.setId(users.get(i).getId())
					.setEtag(users.get(i).getEtag())
					.build());
			made.add(Change.of(ChangeType.CHANGE_TYPE_DELETED, users.get(i)));
			through.add(writer);
		}

		List<WatchUserChangesResponse> events = new ArrayList<>();
		try {
			events.addAll(watcher.take(made.size(), WAIT));
		}
		catch (AssertionError tooFew) {
			events.addAll(watcher.drain());
			this.checks.info("(b) " + tooFew.getMessage());
		}
		for (int i = 0; i < made.size(); i++) {
			Change seen = (i < events.size()) ? Change.of(events.get(i)) : null;
			this.checks.check(made.get(i).equals(seen),
					String.format("(b) watcher on %s sees change %d of %d, %s made through %s", watched, i + 1,
							made.size(), made.get(i), through.get(i)));
		}
		// Anything delivered twice would follow right behind; a quiet second says nothing
		// did.
		Thread.sleep(2_000);
		List<WatchUserChangesResponse> extra = watcher.drain();
		this.checks.check(extra.isEmpty(),
				"(b) and nothing else: no change delivered twice (" + extra.size() + " more)");
		watcher.cancel();
		return events.isEmpty() ? null : events.get(events.size() - 1).getResumeToken();
	}

	/**
	 * One participant per replica in one room, each posting once: everyone hears all
	 * three posts, each under its poster's token subject, and all in the one order the
	 * database gave them.
	 */
	private void chatAcrossReplicas() throws Exception {
		String room = this.tag + "-room";
		List<ChatParticipant> participants = new ArrayList<>();
		List<String> subjects = new ArrayList<>();
		for (int i = 0; i < this.replicas.size(); i++) {
			subjects.add("participant-" + (i + 1));
			participants.add(ChatParticipant.join(this.replicas.get(i), subjects.get(i), room, WAIT));
		}
		List<String> contents = subjects.stream().map((subject) -> "hello from " + subject).toList();
		for (int i = 0; i < participants.size(); i++) {
			participants.get(i).post(contents.get(i));
		}
		List<String> expected = subjects.stream().map((subject) -> subject + ": hello from " + subject).toList();
		List<List<String>> heard = new ArrayList<>();
		for (ChatParticipant participant : participants) {
			List<String> messages = participant.awaitMessages(contents, WAIT)
				.stream()
				.map((message) -> message.getUserId() + ": " + message.getContent())
				.toList();
			heard.add(messages);
			this.checks.check(messages.size() == expected.size() && messages.containsAll(expected),
					"(c) " + participant + " hears the posts made on replicas 1, 2 and 3, each under its poster's "
							+ "token subject (" + messages.size() + " of " + expected.size() + ")");
		}
		this.checks.check(heard.stream().distinct().count() == 1 && !heard.get(0).isEmpty(),
				"(c) every participant hears them in the same order " + heard.get(0));
		participants.forEach(ChatParticipant::leave);
	}

	private User create(Replica replica, String tag) {
		return replica.users("writer-" + tag)
			.createUser(CreateUserRequest.newBuilder()
				.setEmail(tag + "-" + UUID.randomUUID() + "@example.com")
				.setName("Created on " + replica)
				.addTags(tag)
				.build())
			.getUser();
	}

	/**
	 * Why {@code reader} does not return {@code expected} as it was created, or null when
	 * it does.
	 */
	private static String differenceOnRead(Replica reader, User expected) {
		try {
			User read = reader.users("reader")
				.getUser(GetUserRequest.newBuilder().setId(expected.getId()).build())
				.getUser();
			return read.equals(expected) ? null : "read " + read;
		}
		catch (StatusRuntimeException failure) {
			return failure.getStatus().toString();
		}
	}

	private record Page(List<User> users, String nextPageToken) {
	}

	private static Page page(Replica reader, ListUsersRequest request) {
		List<User> users = new ArrayList<>();
		String next = "";
		Iterator<ListUsersResponse> stream = reader.users("reader").listUsers(request);
		while (stream.hasNext()) {
			ListUsersResponse response = stream.next();
			users.add(response.getUser());
			next = response.getNextPageToken().isEmpty() ? next : response.getNextPageToken();
		}
		return new Page(users, next);
	}

	private static Status statusOf(Runnable call) {
		try {
			call.run();
			return Status.OK;
		}
		catch (StatusRuntimeException failure) {
			return failure.getStatus();
		}
	}

	@FunctionalInterface
	private interface Phase<T> {

		T run() throws Exception;

	}

	@FunctionalInterface
	private interface VoidPhase {

		void run() throws Exception;

	}

	/**
	 * A phase that throws (a replica that does not answer, say) fails, and the next
	 * phases still run.
	 */
	private <T> T phaseWithResult(String name, Phase<T> phase) {
		try {
			return phase.run();
		}
		catch (Exception | AssertionError failure) {
			this.checks.aborted(name, failure);
			return null;
		}
	}

	private void phase(String name, VoidPhase phase) {
		phaseWithResult(name, () -> {
			phase.run();
			return null;
		});
	}

	private static int[] ports(String commaSeparated) {
		return Arrays.stream(commaSeparated.split(",")).mapToInt(Integer::parseInt).toArray();
	}

}
