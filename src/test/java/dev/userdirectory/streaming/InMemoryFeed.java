package dev.userdirectory.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A followed table in memory: rows appended with the next seq, reads that can be made to
 * fail.
 */
final class InMemoryFeed implements FeedTail.Source<InMemoryFeed.Row> {

	record Row(long seq, String text) implements FeedTail.Sequenced {
	}

	private final List<Row> rows = new ArrayList<>();

	/**
	 * Reads of the table itself (not the ring), so a test can tell where rows came from.
	 */
	final AtomicInteger tableReads = new AtomicInteger();

	private volatile RuntimeException failure;

	synchronized InMemoryFeed append(String... texts) {
		for (String text : texts) {
			this.rows.add(new Row(this.rows.size() + 1, text));
		}
		return this;
	}

	/** The next reads fail with {@code failure} until {@link #recover()}. */
	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	void recover() {
		this.failure = null;
	}

	@Override
	public synchronized List<Row> after(long seq, int limit) {
		if (this.failure != null) {
			throw this.failure;
		}
		this.tableReads.incrementAndGet();
		return List.copyOf(this.rows.subList((int) Math.min(seq, this.rows.size()),
				(int) Math.min(seq + limit, this.rows.size())));
	}

	@Override
	public synchronized long head() {
		if (this.failure != null) {
			throw this.failure;
		}
		return this.rows.size();
	}

	static List<String> texts(List<Row> rows) {
		return new ArrayList<>(rows.stream().map(Row::text).toList());
	}

}
