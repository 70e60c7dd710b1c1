package dev.userdirectory.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Follows an append-only table whose rows carry a sequence number given out in commit
 * order (the change feed, chat messages): one thread per table and replica polls for rows
 * after the last one it saw, keeps the newest in a bounded ring, and tells subscribers
 * that more is there. Any number of subscribers costs no thread and no connection while
 * they are idle; a subscriber that falls behind the ring reads from the table itself, in
 * pages.
 *
 * <p>
 * {@link #wake()} after a local commit makes local rows arrive at once; other replicas'
 * commits wake it through {@link ReplicaWakeUps}, where the database offers a way, and
 * polling makes them arrive in any case. Correctness never depends on a wake-up.
 */
public final class FeedTail<E extends FeedTail.Sequenced> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FeedTail.class);

	/** A row of the followed table. */
	public interface Sequenced {

		long seq();

	}

	/** A stream following this tail. */
	public interface Subscriber {

		/**
		 * New rows arrived; called on the poller thread, so it must only hand work on.
		 */
		void onNewRows();

		/** The server ends the stream, e.g. on shutdown. */
		void end(RuntimeException reason);

	}

	/** Reads the followed table. */
	public interface Source<E> {

		/** Up to {@code limit} rows with seq greater than {@code seq}, in seq order. */
		List<E> after(long seq, int limit);

		/** The greatest seq in the table, or 0 when it is empty. */
		long head();

		/**
		 * {@link #after} for the tail's own polls; a {@link TableSource} reads these
		 * through {@link TailConnections} so they never queue for a pooled connection,
		 * while catching up a lagging stream uses {@link #after}.
		 */
		default List<E> pollAfter(long seq, int limit) {
			return after(seq, limit);
		}

		/** {@link #head} for the tail's own polls, as {@link #pollAfter}. */
		default long pollHead() {
			return head();
		}

	}

	private final String name;

	private final Source<E> source;

	private final int ringCapacity;

	private final int batchSize;

	private final Duration pollInterval;

	/** The newest rows by seq; every row with floor < seq <= head is in it. */
	private final ConcurrentSkipListMap<Long, E> ring = new ConcurrentSkipListMap<>();

	private final AtomicInteger ringSize = new AtomicInteger();

	private volatile long floor;

	private static final long UNKNOWN = -1;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	/** Told of new rows before the subscribers, and not counted as streams. */
	private final List<Runnable> observers = new CopyOnWriteArrayList<>();

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private volatile ScheduledExecutorService poller;

	private ReplicaWakeUps replicaWakeUps = ReplicaWakeUps.NONE;

	private String channel;

	private volatile boolean failing;

	/** The seq of the newest row taken into the ring. */
	private volatile long head;

	public FeedTail(String name, Source<E> source, int ringCapacity, int batchSize, Duration pollInterval) {
		this.name = name;
		this.source = source;
		this.ringCapacity = ringCapacity;
		this.batchSize = batchSize;
		this.pollInterval = pollInterval;
	}

	/**
	 * Starts following from the table's current end (found by the first successful poll).
	 */
	@Override
	public synchronized void start() {
		this.head = UNKNOWN;
		this.floor = Long.MAX_VALUE;
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, this.name + "-tail");
			thread.setDaemon(true);
			return thread;
		});
		this.poller.scheduleWithFixedDelay(this::pollSafely, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.poller != null) {
			this.poller.shutdownNow();
			this.poller = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.poller != null;
	}

	/** Registers a gauge of this feed's open streams, named for what they are. */
	public FeedTail<E> measuredAs(String gaugeName, String description, MeterRegistry meters) {
		Gauge.builder(gaugeName, this, FeedTail::subscriberCount).description(description).register(meters);
		return this;
	}

	/**
	 * Has commits announced on {@code channel} by other replicas wake this tail, and
	 * {@link #wakeAfterCommit()} announce them.
	 */
	public FeedTail<E> wokenAcrossReplicas(ReplicaWakeUps wakeUps, String channel) {
		this.replicaWakeUps = wakeUps;
		this.channel = channel;
		wakeUps.onAnnouncement(channel, this::wake);
		return this;
	}

	/**
	 * The seq of the newest row this tail has seen; -1 until its first poll has
	 * succeeded.
	 */
	public long head() {
		return this.head;
	}

	public Source<E> source() {
		return this.source;
	}

	public int subscriberCount() {
		return this.subscribers.size();
	}

	/**
	 * Asks for a poll now, e.g. right after a commit appended rows. Wake-ups coalesce:
	 * any number of them while a poll waits to run or runs cost one more poll.
	 */
	public void wake() {
		ScheduledExecutorService running = this.poller;
		if (running != null && this.wakeRequested.compareAndSet(false, true)) {
			try {
				running.execute(this::pollSafely);
			}
			catch (RejectedExecutionException stopped) {
				// Stopping: there is no one left to tell of new rows.
			}
		}
	}

	/**
	 * Wakes this tail once the current transaction commits, so local streams see its rows
	 * at once, and announces the commit to the other replicas' tails. Call it early in
	 * the transaction, before taking the table's append lock: announcing may cost a round
	 * trip, which had better not lengthen the time the lock is held.
	 */
	public void wakeAfterCommit() {
		if (this.channel != null) {
			this.replicaWakeUps.announce(this.channel);
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				wake();
			}
		});
	}

	/** Tells {@code subscriber} whenever rows arrive; returns the unsubscribe. */
	public Runnable subscribe(Subscriber subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	/**
	 * Runs {@code onNewRows} on the poller thread whenever rows arrive, before any stream
	 * hears of them: what it does (e.g. evict a cache) is done by the time a watcher sees
	 * the change.
	 */
	public void observe(Runnable onNewRows) {
		this.observers.add(onNewRows);
	}

	/**
	 * Ends every stream following this tail, e.g. so that clients reconnect to another
	 * replica.
	 */
	public void endAll(RuntimeException reason) {
		for (Subscriber subscriber : this.subscribers) {
			subscriber.end(reason);
		}
	}

	/**
	 * Up to {@code max} rows after {@code seq} from the ring; empty when the ring no
	 * longer reaches back that far (the caller then reads the table).
	 */
	public Optional<List<E>> fromRing(long seq, int max) {
		if (seq < this.floor) {
			return Optional.empty();
		}
		List<E> rows = new ArrayList<>(Math.min(max, 256));
		for (E row : this.ring.tailMap(seq, false).values()) {
			if (rows.size() == max) {
				break;
			}
			rows.add(row);
		}
		// Rows evicted while we read may have left a hole: then the table answers
		// instead.
		return (seq < this.floor) ? Optional.empty() : Optional.of(rows);
	}

	private void pollSafely() {
		this.wakeRequested.set(false);
		try {
			poll();
			if (this.failing) {
				this.failing = false;
				log.info("Polling {} works again", this.name);
			}
		}
		catch (RuntimeException failure) {
			// The database may be briefly away; the next poll tries again. Said once per
			// outage.
			if (!this.failing) {
				this.failing = true;
				log.warn("Polling {} failed, retrying every {}: {}", this.name, this.pollInterval,
						failure.getMessage());
			}
		}
	}

	private void poll() {
		if (this.head == UNKNOWN) {
			long end = this.source.pollHead();
			this.floor = end;
			this.head = end;
			return;
		}
		boolean arrived = false;
		List<E> rows;
		do {
			rows = this.source.pollAfter(this.head, this.batchSize);
			if (!rows.isEmpty()) {
				for (E row : rows) {
					this.ring.put(row.seq(), row);
					if (this.ringSize.incrementAndGet() > this.ringCapacity) {
						Map.Entry<Long, E> oldest = this.ring.pollFirstEntry();
						this.ringSize.decrementAndGet();
						this.floor = oldest.getKey();
					}
				}
				this.head = rows.get(rows.size() - 1).seq();
				arrived = true;
			}
		}
		while (rows.size() == this.batchSize);
		if (arrived) {
			for (Runnable observer : this.observers) {
				observer.run();
			}
			for (Subscriber subscriber : this.subscribers) {
				subscriber.onNewRows();
			}
		}
	}

}
