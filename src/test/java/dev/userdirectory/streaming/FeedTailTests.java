package dev.userdirectory.streaming;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.userdirectory.streaming.InMemoryFeed.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.streaming.InMemoryFeed.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FeedTail over a table in memory; it polls only when woken (its poll interval is an
 * hour).
 */
class FeedTailTests {

	private final InMemoryFeed table = new InMemoryFeed().append("before-1", "before-2");

	private FeedTail<Row> tail;

	@AfterEach
	void stop() {
		this.tail.stop();
	}

	@Test
	void followsFromTheTablesEndNotItsBeginning() {
		start(10, 100);

		assertThat(this.tail.fromRing(2, 10)).hasValueSatisfying((rows) -> assertThat(rows).isEmpty());
		assertThat(this.tail.fromRing(0, 10)).as("rows before the start are the table's to serve").isEmpty();
	}

	@Test
	void tellsObserversThenSubscribersOfNewRowsAndKeepsThemInOrder() {
		start(10, 100);
		List<String> told = new CopyOnWriteArrayList<>();
		this.tail.observe(() -> told.add("observer"));
		this.tail.subscribe(subscriber(() -> told.add("subscriber")));

		this.table.append("a", "b", "c");
		this.tail.wake();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 5);
		assertThat(told).containsExactly("observer", "subscriber");
		assertThat(this.tail.fromRing(2, 10).map(InMemoryFeed::texts)).contains(List.of("a", "b", "c"));
		assertThat(this.tail.fromRing(3, 1).map(InMemoryFeed::texts)).contains(List.of("b"));
	}

	@Test
	void keepsOnlyTheNewestRowsAndSendsReadersFromFurtherBackToTheTable() {
		// Batches of 2 rows: one wake-up reads until the table has no more.
		start(3, 2);

		this.table.append("a", "b", "c", "d", "e");
		this.tail.wake();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 7);
		assertThat(this.tail.fromRing(4, 10).map(InMemoryFeed::texts)).contains(List.of("c", "d", "e"));
		assertThat(this.tail.fromRing(3, 10)).as("b was evicted").isEmpty();
	}

	@Test
	void carriesOnAfterTheTableFailsToAnswer() {
		start(10, 100);
		AtomicInteger wakeUps = new AtomicInteger();
		this.tail.subscribe(subscriber(wakeUps::incrementAndGet));

		this.table.failWith(new IllegalStateException("database away"));
		this.table.append("lost-for-now");
		this.tail.wake();
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertThat(wakeUps).hasValue(0);

		this.table.recover();
		this.tail.wake();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 3);
		assertThat(wakeUps).hasValue(1);
	}

	@Test
	void wakeUpsWhileAPollRunsCostOneMorePoll() throws InterruptedException {
		start(10, 100);
		CountDownLatch polling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.tail.subscribe(subscriber(() -> {
			polling.countDown();
			awaitQuietly(release);
		}));
		this.table.append("a");
		this.tail.wake();
		assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();

		this.table.append("b");
		for (int i = 0; i < 5; i++) {
			this.tail.wake();
		}
		release.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 4);
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertThat(this.table.tableReads).as("one poll for a, one for b").hasValue(2);
	}

	@Test
	void anotherReplicasAnnouncementWakesTheTail() {
		List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
		start(10, 100);
		this.tail.wokenAcrossReplicas(new ReplicaWakeUps() {
			@Override
			public void announce(String channel) {
			}

			@Override
			public void onAnnouncement(String channel, Runnable wake) {
				wakeUps.add(wake);
			}
		}, "test_feed");
		this.table.append("from-elsewhere");

		wakeUps.forEach(Runnable::run);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 3);
	}

	@Test
	void endsEveryStreamAndForgetsOnesThatUnsubscribed() {
		start(10, 100);
		List<RuntimeException> ended = new CopyOnWriteArrayList<>();
		Runnable unsubscribe = this.tail.subscribe(subscriber(() -> {
		}, ended::add));
		this.tail.subscribe(subscriber(() -> {
		}, ended::add));
		unsubscribe.run();
		IllegalStateException shutdown = new IllegalStateException("shutting down");

		this.tail.endAll(shutdown);

		assertThat(ended).containsExactly(shutdown);
		assertThat(this.tail.subscriberCount()).isEqualTo(1);
	}

	private void start(int ringCapacity, int batchSize) {
		this.tail = new FeedTail<>("test", this.table, ringCapacity, batchSize, Duration.ofHours(1));
		this.tail.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 2);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static FeedTail.Subscriber subscriber(Runnable onNewRows) {
		return subscriber(onNewRows, (reason) -> {
		});
	}

	private static FeedTail.Subscriber subscriber(Runnable onNewRows,
			java.util.function.Consumer<RuntimeException> onEnd) {
		return new FeedTail.Subscriber() {
			@Override
			public void onNewRows() {
				onNewRows.run();
			}

			@Override
			public void end(RuntimeException reason) {
				onEnd.accept(reason);
			}
		};
	}

}
