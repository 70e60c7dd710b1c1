package dev.userdirectory.support;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/**
 * Drives a client-streaming call the way a well-behaved client does: sending only when
 * ready.
 */
public final class ClientStreams {

	private ClientStreams() {
	}

	/**
	 * Sends every item of {@code items} on a client stream opened by {@code open},
	 * respecting flow control, then half-closes and waits for the single response (or
	 * throws its error).
	 */
	public static <Q, R> R send(Function<StreamObserver<R>, StreamObserver<Q>> open, Iterator<Q> items,
			long timeoutSeconds) throws Throwable {
		CompletableFuture<R> result = new CompletableFuture<>();
		open.apply(new ClientResponseObserver<Q, R>() {
			private R value;

			private boolean halfClosed;

			@Override
			public void beforeStart(ClientCallStreamObserver<Q> requests) {
				requests.setOnReadyHandler(() -> {
					while (requests.isReady() && items.hasNext()) {
						requests.onNext(items.next());
					}
					if (!items.hasNext() && !this.halfClosed) {
						this.halfClosed = true;
						requests.onCompleted();
					}
				});
			}

			@Override
			public void onNext(R value) {
				this.value = value;
			}

			@Override
			public void onError(Throwable t) {
				result.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
				result.complete(this.value);
			}
		});
		try {
			return result.get(timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw ex.getCause();
		}
	}

}
