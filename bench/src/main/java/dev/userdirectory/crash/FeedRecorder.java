package dev.userdirectory.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Watches the change feed through the load and the kill, then checks it after the
 * restart: the feed resumed from the last token seen continues it, the feed read again
 * from the first token is the same events under the same tokens (no sequence number
 * reused), and each acknowledged write is in it exactly once.
 */
final class FeedRecorder {

	/** What a user of the feed sees of one event. */
	record Event(String token, ChangeType type, String userId, String email, String etag) {

		static Event of(WatchUserChangesResponse response) {
			return new Event(response.getResumeToken(), response.getChangeType(), response.getUser().getId(),
					response.getUser().getEmail(), response.getUser().getEtag());
		}

	}

	private static final Duration QUIET = Duration.ofSeconds(3);

	private final List<Event> beforeKill = new ArrayList<>();

	private String firstToken;

	private ClientCallStreamObserver<WatchUserChangesRequest> call;

	/**
	 * Opens a watch from now and returns once it has seen a write made after it opened.
	 */
	void start(Workload.Clients clients) throws InterruptedException {
		Set<String> sentinels = ConcurrentHashMap.newKeySet();
		CountDownLatch live = new CountDownLatch(1);
		clients.async()
			.watchUserChanges(WatchUserChangesRequest.getDefaultInstance(),
					new ClientResponseObserver<WatchUserChangesRequest, WatchUserChangesResponse>() {
						@Override
						public void beforeStart(ClientCallStreamObserver<WatchUserChangesRequest> requestStream) {
							FeedRecorder.this.call = requestStream;
						}

						@Override
						public void onNext(WatchUserChangesResponse value) {
							Event event = Event.of(value);
							synchronized (FeedRecorder.this) {
								if (FeedRecorder.this.firstToken == null && sentinels.contains(event.email())) {
									FeedRecorder.this.firstToken = event.token();
									live.countDown();
								}
								if (FeedRecorder.this.firstToken != null) {
									FeedRecorder.this.beforeKill.add(event);
								}
							}
						}

						@Override
						public void onError(Throwable t) {
						}

						@Override
						public void onCompleted() {
						}
					});
		// "From now" begins when the server has the call: a write that reaches the watch
		// proves it live.
		for (int attempt = 0; attempt < 20; attempt++) {
			String email = "sentinel-" + UUID.randomUUID() + "@crash.example";
			sentinels.add(email);
			clients.blocking().createUser(CreateUserRequest.newBuilder().setEmail(email).setName("Sentinel").build());
			if (live.await(1, TimeUnit.SECONDS)) {
				return;
			}
		}
		throw new IllegalStateException("the watch delivered none of its sentinel writes");
	}

	synchronized int seen() {
		return this.beforeKill.size();
	}

	/**
	 * Checks the feed of the restarted service against what was seen and what was
	 * acknowledged.
	 */
	void verify(Workload.Clients clients, List<String> acknowledgedEtags, List<String> acknowledgedDeletes,
			List<String> acknowledgedBulkEmails, Verdicts verdicts) throws InterruptedException {
		List<Event> seen;
		synchronized (this) {
			seen = List.copyOf(this.beforeKill);
		}
		List<Event> resumed = read(clients, seen.get(seen.size() - 1).token());
		List<Event> fromFirst = read(clients, this.firstToken);
		List<Event> expected = new ArrayList<>(seen.subList(1, seen.size()));
		expected.addAll(resumed);
		verdicts.check(fromFirst.equals(expected), String.format(
				"change feed: %d events seen before the kill, %d more on resuming from the last token; reading again from"
						+ " the first token gives %s",
				seen.size(), resumed.size(),
				fromFirst.equals(expected) ? "the same events under the same tokens" : "OTHER events ("
						+ fromFirst.size() + " vs " + expected.size() + "): " + firstDifference(fromFirst, expected)));
		List<Event> all = new ArrayList<>(seen);
		all.addAll(resumed);
		Map<String, Integer> byEtag = new HashMap<>();
		Map<String, Integer> deletes = new HashMap<>();
		Map<String, Integer> creates = new HashMap<>();
		for (Event event : all) {
			if (event.type() == ChangeType.CHANGE_TYPE_DELETED) {
				deletes.merge(event.userId(), 1, Integer::sum);
			}
			else {
				byEtag.merge(event.etag(), 1, Integer::sum);
			}
			if (event.type() == ChangeType.CHANGE_TYPE_CREATED) {
				creates.merge(event.email(), 1, Integer::sum);
			}
		}
		long etagsNotOnce = acknowledgedEtags.stream().filter((etag) -> byEtag.getOrDefault(etag, 0) != 1).count();
		long deletesNotOnce = acknowledgedDeletes.stream().filter((id) -> deletes.getOrDefault(id, 0) != 1).count();
		long bulkNotOnce = acknowledgedBulkEmails.stream()
			.filter((email) -> creates.getOrDefault(email, 0) != 1)
			.count();
		long distinctTokens = all.stream().map(Event::token).distinct().count();
		verdicts.check(etagsNotOnce == 0 && deletesNotOnce == 0 && bulkNotOnce == 0 && distinctTokens == all.size(),
				String.format(
						"change feed: of %d acknowledged creates/updates, %d deletes and %d CreateUsers users, not"
								+ " exactly once in the feed: %d, %d, %d; %d events, %d distinct tokens",
						acknowledgedEtags.size(), acknowledgedDeletes.size(), acknowledgedBulkEmails.size(),
						etagsNotOnce, deletesNotOnce, bulkNotOnce, all.size(), distinctTokens));
		if (new HashSet<>(all).size() != all.size()) {
			verdicts.check(false, "change feed: an event was delivered twice");
		}
	}

	void close() {
		if (this.call != null) {
			this.call.cancel("round over", null);
		}
	}

	/** Every event after {@code token}, until the feed has been quiet for a while. */
	private static List<Event> read(Workload.Clients clients, String token) throws InterruptedException {
		BlockingQueue<Event> events = new LinkedBlockingQueue<>();
		List<ClientCallStreamObserver<WatchUserChangesRequest>> call = new ArrayList<>();
		clients.async()
			.watchUserChanges(WatchUserChangesRequest.newBuilder().setResumeToken(token).build(),
					new ClientResponseObserver<WatchUserChangesRequest, WatchUserChangesResponse>() {
						@Override
						public void beforeStart(ClientCallStreamObserver<WatchUserChangesRequest> requestStream) {
							call.add(requestStream);
						}

						@Override
						public void onNext(WatchUserChangesResponse value) {
							events.add(Event.of(value));
						}

						@Override
						public void onError(Throwable t) {
						}

						@Override
						public void onCompleted() {
						}
					});
		List<Event> read = new ArrayList<>();
		for (Event event = events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS); event != null; event = events
			.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) {
			read.add(event);
		}
		call.get(0).cancel("read", null);
		return read;
	}

	private static String firstDifference(List<Event> actual, List<Event> expected) {
		for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
			if (!actual.get(i).equals(expected.get(i))) {
				return "at " + i + ": " + actual.get(i) + " instead of " + expected.get(i);
			}
		}
		return "one is a prefix of the other";
	}

}
