package dev.userdirectory.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.grpc.stub.StreamObserver;

/**
 * Receives the one response of a client-streaming call, for a caller that waits for it.
 */
final class SingleResponse<T> implements StreamObserver<T> {

	private final CompletableFuture<T> response = new CompletableFuture<>();

	@Override
	public void onNext(T value) {
		this.response.complete(value);
	}

	@Override
	public void onError(Throwable failure) {
		this.response.completeExceptionally(failure);
	}

	@Override
	public void onCompleted() {
		this.response.completeExceptionally(new IllegalStateException("the call completed without a response"));
	}

	/**
	 * The response, or the call's failure (a StatusRuntimeException) rethrown as it was.
	 */
	T await() {
		try {
			return this.response.get();
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a response", interrupted);
		}
		catch (ExecutionException failed) {
			if (failed.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(failed.getCause());
		}
	}

}
