package dev.userdirectory.crash;

import java.util.concurrent.CompletableFuture;

import io.grpc.stub.StreamObserver;

/** Response observers for drills and benchmarks that wait on a call's one answer. */
public final class Observers {

	private Observers() {
	}

	/**
	 * Completes {@code answer} with the call's response, or exceptionally with its error.
	 */
	public static <T> StreamObserver<T> completing(CompletableFuture<T> answer) {
		return new StreamObserver<>() {
			@Override
			public void onNext(T value) {
				answer.complete(value);
			}

			@Override
			public void onError(Throwable t) {
				answer.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		};
	}

}
