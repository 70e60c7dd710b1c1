package dev.userdirectory.streaming;

import java.time.Duration;
import java.util.Optional;

import dev.userdirectory.streaming.InMemoryFeed.Row;
import dev.userdirectory.support.FakeServerCallStreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TailedStream on a FeedTail over a table in memory, sending on the test's own thread
 * except when the tail's poller brings new rows.
 */
class TailedStreamTests {

	private final InMemoryFeed table = new InMemoryFeed().append("r1", "r2", "r3");

	private final FeedTail<Row> tail = new FeedTail<>("test", this.table, 100, 100, Duration.ofHours(1));

	private final FakeServerCallStreamObserver<String> client = new FakeServerCallStreamObserver<>();

	private final IllegalStateException tooFarBehind = new IllegalStateException("too far behind");

	@BeforeEach
	void startTail() {
		this.tail.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tail.head() == 3);
	}

	@AfterEach
	void stopTail() {
		this.tail.stop();
	}

	@Test
	void sendsTheRowsAfterItsPositionOnlyWhenTheClientCanTakeThem() {
		this.client.readyFor(0);

		stream(1, -1).start();

		assertThat(this.client.sent).isEmpty();
		this.client.becomeReady(10);
		assertThat(this.client.sent).containsExactly("r2", "r3");
		assertThat(this.client.ended()).isFalse();
	}

	@Test
	void sendsNewRowsWhenTheTailBringsThem() {
		this.client.readyFor(10);
		TailedStream<Row, String> stream = stream(3, -1).start();

		this.table.append("r4", "r5");
		this.tail.wake();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.sent.size() == 2);
		assertThat(this.client.sent).containsExactly("r4", "r5");
		assertThat(stream.position()).isEqualTo(5);
	}

	@Test
	void skipsRowsThatHaveNoMessageButMovesPastThem() {
		this.client.readyFor(10);
		TailedStream<Row, String> stream = new TailedStream<>(this.tail, this.client, 0,
				(row) -> row.seq() % 2 == 0 ? Optional.empty() : Optional.of(row.text()), Runnable::run, -1,
				() -> this.tooFarBehind);

		stream.start();

		assertThat(this.client.sent).containsExactly("r1", "r3");
		assertThat(stream.position()).isEqualTo(3);
	}

	@Test
	void endsAStreamWhoseClientStoppedReadingTooFarBehind() {
		this.client.readyFor(0);
		stream(0, 5).start();

		this.table.append("r4", "r5", "r6");
		this.tail.wake();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.ended());
		assertThat(this.client.error).isSameAs(this.tooFarBehind);
		assertThat(this.client.sent).isEmpty();
		assertThat(this.tail.subscriberCount()).isZero();
	}

	@Test
	void aCancelledCallLeavesTheTail() {
		this.client.readyFor(10);
		stream(3, -1).start();
		assertThat(this.tail.subscriberCount()).isEqualTo(1);

		this.client.cancel();

		assertThat(this.tail.subscriberCount()).isZero();
	}

	@Test
	void repliesAndTheEndKeepTheirOrderWithTheFeed() {
		this.client.readyFor(10);
		TailedStream<Row, String> stream = stream(1, -1).start();

		stream.sendOutOfBand("reply");
		stream.finish();

		assertThat(this.client.sent).containsExactly("r2", "r3", "reply");
		assertThat(this.client.completed).isTrue();
		assertThat(this.tail.subscriberCount()).isZero();
	}

	@Test
	void endsWithTheServersReasonOnShutdown() {
		this.client.readyFor(10);
		stream(3, -1).start();
		IllegalStateException shutdown = new IllegalStateException("shutting down");

		this.tail.endAll(shutdown);

		assertThat(this.client.error).isSameAs(shutdown);
	}

	@Test
	void readsTheTableWhenItHasFallenBehindTheRing() {
		this.client.readyFor(10);
		int readsBefore = this.table.tableReads.get();

		stream(0, -1).start();

		assertThat(this.client.sent).containsExactly("r1", "r2", "r3");
		assertThat(this.table.tableReads.get()).isGreaterThan(readsBefore);
	}

	private TailedStream<Row, String> stream(long position, long maxLag) {
		return new TailedStream<>(this.tail, this.client, position, (row) -> Optional.of(row.text()), Runnable::run,
				maxLag, () -> this.tooFarBehind);
	}

}
