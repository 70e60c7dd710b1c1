package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * A watcher as a client of the service keeps one: it remembers the resume token of the
 * last event it received, and when its stream breaks it opens a new one, on whichever
 * replica it is given, from that token. Everything it received is kept, with the replica
 * that delivered it.
 */
final class ResumableWatch {

	record Delivery(Change change, String resumeToken, String replica) {
	}

	private final List<Delivery> deliveries = new ArrayList<>();

	private final String subject;

	private volatile String lastToken;

	private volatile Stream current;

	/**
	 * @param fromToken where the first stream starts: empty for "from now"
	 */
	ResumableWatch(String subject, String fromToken) {
		this.subject = subject;
		this.lastToken = fromToken;
	}

	/**
	 * Opens a stream on {@code replica} from the last token received (the initial one
	 * before any).
	 */
	void openOn(Replica replica) {
		Stream stream = new Stream(replica.toString());
		this.current = stream;
		replica.streams(this.subject)
			.watchUserChanges(WatchUserChangesRequest.newBuilder().setResumeToken(this.lastToken).build(), stream);
	}

	/**
	 * How the current stream ended, or null if it is still open after {@code timeout}.
	 */
	Status awaitEnd(Duration timeout) throws InterruptedException {
		Stream stream = this.current;
		return stream.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? stream.status : null;
	}

	/** How the current stream ended, or null while it is open. */
	Status endedWith() {
		return this.current.status;
	}

	void cancel() {
		this.current.call.cancel("the drill is done with it", null);
	}

	synchronized List<Delivery> deliveries() {
		return List.copyOf(this.deliveries);
	}

	synchronized long deliveredBy(String replica) {
		return this.deliveries.stream().filter((delivery) -> delivery.replica().equals(replica)).count();
	}

	private synchronized void delivered(WatchUserChangesResponse event, String replica) {
		this.deliveries.add(new Delivery(Change.of(event), event.getResumeToken(), replica));
		// Set only after the event is kept: a re-open from this token can then never skip
		// or repeat it.
		this.lastToken = event.getResumeToken();
	}

	private final class Stream implements ClientResponseObserver<WatchUserChangesRequest, WatchUserChangesResponse> {

		private final String replica;

		private final CountDownLatch ended = new CountDownLatch(1);

		private volatile ClientCallStreamObserver<WatchUserChangesRequest> call;

		private volatile Status status;

		Stream(String replica) {
			this.replica = replica;
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<WatchUserChangesRequest> requestStream) {
			this.call = requestStream;
		}

		@Override
		public void onNext(WatchUserChangesResponse event) {
			delivered(event, this.replica);
		}

		@Override
		public void onError(Throwable failure) {
			this.status = Status.fromThrowable(failure);
			this.ended.countDown();
		}

		@Override
		public void onCompleted() {
			this.status = Status.OK;
			this.ended.countDown();
		}

	}

}
