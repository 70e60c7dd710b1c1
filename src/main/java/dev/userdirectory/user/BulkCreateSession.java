package dev.userdirectory.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.changefeed.ChangeFeed;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;

import org.springframework.transaction.TransactionStatus;

/**
 * The writes of one CreateUsers stream, all in one transaction. Chunks are queued by the
 * call as items arrive; once a first chunk is full the call asks for a writer thread,
 * which opens the transaction and inserts chunk after chunk while the rest of the stream
 * is still arriving. The database's insert runs on one core and used to start only after
 * the whole stream had arrived; overlapping the two took 100,000 users on PostgreSQL from
 * 10,900–14,000 to 18,600–24,900 users/s (bench/streams, alternating runs on two cores).
 * Without a writer (small streams, or all writers busy) the call thread drains the queue
 * itself when the stream ends. Either way the change feed is appended last, so its lock,
 * which orders every write, is held only for the commit.
 */
final class BulkCreateSession {

	/** A validated item, waiting to be inserted. */
	record Item(NewUser user, String requestId) {
	}

	/**
	 * What the stream created, with the users themselves when there are few enough to
	 * return.
	 */
	record Created(int count, List<UserEntity> users) {
	}

	private sealed interface Step permits Chunk, Finish, Abort {

	}

	private record Chunk(List<Item> items) implements Step {
	}

	private record Finish() implements Step {
	}

	private record Abort() implements Step {
	}

	private final BulkCreateWriters writers;

	private final Clock clock;

	private final String actor;

	private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();

	private final CompletableFuture<Created> outcome = new CompletableFuture<>();

	private volatile long lastItemNanos = System.nanoTime();

	/** Touched by the call's thread only. */
	private boolean writerStarted;

	BulkCreateSession(BulkCreateWriters writers, Clock clock, String actor) {
		this.writers = writers;
		this.clock = clock;
		this.actor = actor;
	}

	/** The stream sent an item: it is alive, whether or not a chunk is full. */
	void itemArrived() {
		this.lastItemNanos = System.nanoTime();
	}

	/** Queues a full chunk, starting a writer for it if one is free. */
	void append(List<Item> chunk) {
		this.steps.add(new Chunk(chunk));
		if (!this.writerStarted) {
			this.writerStarted = this.writers.tryStart(this::write);
		}
	}

	/**
	 * Completes when the writes committed (with what was created), failed (as soon as
	 * they did, even mid-stream) or were aborted (with null, or cancelled if they never
	 * started).
	 */
	CompletableFuture<Created> outcome() {
		return this.outcome;
	}

	/**
	 * Queues the last items and the commit. Without a writer the writes run now, on this
	 * thread.
	 */
	void finish(List<Item> lastItems) {
		if (!lastItems.isEmpty()) {
			this.steps.add(new Chunk(lastItems));
		}
		this.steps.add(new Finish());
		if (!this.writerStarted) {
			write();
		}
	}

	/** The client went away: whatever was inserted is rolled back. */
	void abort() {
		this.steps.add(new Abort());
		if (!this.writerStarted) {
			this.outcome.cancel(false);
		}
	}

	private void write() {
		try {
			Created created = this.writers.inTransaction(this::insertUntilFinished);
			if (created != null) {
				this.writers.afterCommit(created);
			}
			this.outcome.complete(created);
		}
		catch (RuntimeException failure) {
			this.outcome.completeExceptionally(failure);
		}
	}

	private Created insertUntilFinished(TransactionStatus transaction) {
		Instant now = this.clock.instant();
		List<ChangeFeed.Change> changes = new ArrayList<>();
		List<UserEntity> kept = new ArrayList<>();
		int count = 0;
		while (true) {
			Step step = nextStep();
			if (step instanceof Abort) {
				transaction.setRollbackOnly();
				return null;
			}
			if (step instanceof Finish) {
				this.writers.recordChanges(changes);
				return new Created(count, (count <= this.writers.maxResponseUsers()) ? kept : List.of());
			}
			List<UserEntity> users = new ArrayList<>();
			for (Item item : ((Chunk) step).items()) {
				String requestId = item.requestId().isEmpty() ? null : item.requestId();
				users.add(UserEntity.forBatchInsert(UUID.randomUUID(), item.user(), requestId, this.actor, now));
			}
			this.writers.insert(users);
			for (UserEntity user : users) {
				changes.add(this.writers.created(user, now));
				if (kept.size() < this.writers.maxResponseUsers()) {
					kept.add(user);
				}
			}
			count += users.size();
		}
	}

	private Step nextStep() {
		try {
			while (true) {
				Step step = this.steps.poll(this.writers.maxIdle().toMillis(), TimeUnit.MILLISECONDS);
				if (step != null) {
					return step;
				}
				if (System.nanoTime() - this.lastItemNanos > this.writers.maxIdle().toNanos()) {
					throw new ApiException(ErrorReason.DEADLINE_EXCEEDED,
							"no CreateUsers item arrived for " + this.writers.maxIdle().toSeconds()
									+ " s while the stream's writes were open; nothing was created",
							Map.of(), List.of());
				}
			}
		}
		catch (InterruptedException shutdown) {
			Thread.currentThread().interrupt();
			throw new ApiException(ErrorReason.SHUTTING_DOWN,
					"the service is shutting down; nothing was created, send the stream again", Map.of(), List.of());
		}
	}

}
