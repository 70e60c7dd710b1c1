package dev.userdirectory.streaming;

import java.util.List;

import org.springframework.jdbc.core.JdbcOperations;

/**
 * A {@link FeedTail.Source} that is a database table ordered by seq: catching up a
 * lagging stream reads through the service's pool, the tail's own polls through
 * {@link TailConnections}. Subclasses say how to read the table with either.
 */
public abstract class TableSource<E> implements FeedTail.Source<E> {

	private final JdbcOperations pooled;

	private final JdbcOperations tails;

	protected TableSource(JdbcOperations pooled, TailConnections tailConnections) {
		this.pooled = pooled;
		this.tails = tailConnections.jdbc();
	}

	/** Up to {@code limit} rows with seq greater than {@code seq}, in seq order. */
	protected abstract List<E> after(JdbcOperations jdbc, long seq, int limit);

	/** The greatest seq in the table, or 0 when it is empty. */
	protected abstract long head(JdbcOperations jdbc);

	@Override
	public final List<E> after(long seq, int limit) {
		return after(this.pooled, seq, limit);
	}

	@Override
	public final List<E> pollAfter(long seq, int limit) {
		return after(this.tails, seq, limit);
	}

	@Override
	public final long head() {
		return head(this.pooled);
	}

	@Override
	public final long pollHead() {
		return head(this.tails);
	}

	/** The greatest seq in {@code table}, or 0 when it is empty. */
	protected static long maxSeq(JdbcOperations jdbc, String table) {
		Long head = jdbc.queryForObject("select max(seq) from " + table, Long.class);
		return (head != null) ? head : 0;
	}

}
