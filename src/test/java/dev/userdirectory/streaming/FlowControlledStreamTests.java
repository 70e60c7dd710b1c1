package dev.userdirectory.streaming;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.userdirectory.support.FakeServerCallStreamObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlowControlledStreamTests {

	/** A source of chunks that counts how often it was asked. */
	private static final class Chunks implements FlowControlledStream.Source<Integer> {

		final Deque<List<Integer>> chunks = new ArrayDeque<>();

		int fetches;

		Chunks(List<List<Integer>> chunks) {
			this.chunks.addAll(chunks);
		}

		@Override
		public List<Integer> next() {
			this.fetches++;
			return this.chunks.isEmpty() ? List.of() : this.chunks.poll();
		}

	}

	@Test
	void sendsOnlyAsMuchAsTheTransportTakesAndFetchesNoChunkAhead() {
		Chunks source = new Chunks(List.of(List.of(1, 2, 3), List.of(4, 5, 6)));
		FakeServerCallStreamObserver<Integer> out = new FakeServerCallStreamObserver<Integer>().readyFor(2);

		FlowControlledStream.start(out, source);

		assertThat(out.sent).containsExactly(1, 2);
		assertThat(source.fetches).isEqualTo(1);
		out.becomeReady(2);
		assertThat(out.sent).containsExactly(1, 2, 3, 4);
		assertThat(source.fetches).isEqualTo(2);
		assertThat(out.ended()).isFalse();
	}

	@Test
	void completesWhenTheSourceRunsDry() {
		Chunks source = new Chunks(List.of(List.of(1, 2)));
		FakeServerCallStreamObserver<Integer> out = new FakeServerCallStreamObserver<Integer>().readyFor(10);

		FlowControlledStream.start(out, source);

		assertThat(out.sent).containsExactly(1, 2);
		assertThat(out.completed).isTrue();
	}

	@Test
	void aSlowReaderIsNotSentAnythingUntilItIsReady() {
		Chunks source = new Chunks(List.of(List.of(1)));
		FakeServerCallStreamObserver<Integer> out = new FakeServerCallStreamObserver<Integer>().readyFor(0);

		FlowControlledStream.start(out, source);

		assertThat(out.sent).isEmpty();
		assertThat(source.fetches).isZero();
		out.becomeReady(5);
		assertThat(out.sent).containsExactly(1);
		assertThat(out.completed).isTrue();
	}

	@Test
	void aCancelledCallStopsFetchingAndSendsNothingMore() {
		Chunks source = new Chunks(List.of(List.of(1, 2, 3), List.of(4)));
		FakeServerCallStreamObserver<Integer> out = new FakeServerCallStreamObserver<Integer>().readyFor(1);
		FlowControlledStream.start(out, source);

		out.cancel();
		out.becomeReady(10);

		assertThat(out.sent).containsExactly(1);
		assertThat(source.fetches).isEqualTo(1);
		assertThat(out.ended()).isFalse();
	}

	@Test
	void aFailingSourceEndsTheCallWithItsFailureOnce() {
		IllegalStateException failure = new IllegalStateException("database gone");
		FakeServerCallStreamObserver<Integer> out = new FakeServerCallStreamObserver<Integer>().readyFor(10);

		FlowControlledStream.start(out, () -> {
			throw failure;
		});
		out.becomeReady(10);

		assertThat(out.error).isSameAs(failure);
		assertThat(out.sent).isEmpty();
	}

}
