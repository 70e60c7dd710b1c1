package dev.userdirectory.client.cli.probe;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The observer of one call a sample makes: records the call's attempts when it closes,
 * fails the sample with the call's status, and serialises what the probe sends on the
 * call (gRPC's request stream is not thread-safe, and a bidi exercise sends from its
 * callbacks). Subclasses check the responses and decide when the sample has succeeded.
 */
abstract class SampleCall<Q, R> implements ClientResponseObserver<Q, R> {

	protected final Sample sample;

	private ClientCallStreamObserver<Q> requests;

	SampleCall(Sample sample) {
		this.sample = sample;
	}

	@Override
	public final void beforeStart(ClientCallStreamObserver<Q> requests) {
		this.requests = requests;
		beforeStart();
	}

	/**
	 * Called before the call starts, e.g. to set an on-ready handler; {@link #requests()}
	 * is set.
	 */
	protected void beforeStart() {
	}

	@Override
	public final void onNext(R response) {
		if (this.sample.ended()) {
			return;
		}
		try {
			next(response);
		}
		catch (RuntimeException bug) {
			this.sample.clientError(bug);
			cancel("the probe failed");
		}
	}

	@Override
	public final void onError(Throwable failure) {
		this.sample.took(OutcomeHandoff.take());
		failed(Status.fromThrowable(failure));
	}

	@Override
	public final void onCompleted() {
		this.sample.took(OutcomeHandoff.take());
		try {
			completed();
		}
		catch (RuntimeException bug) {
			this.sample.clientError(bug);
		}
	}

	/** A response (never called once the sample has ended). */
	protected void next(R response) {
	}

	/** The call ended with OK. */
	protected abstract void completed();

	/** The call failed; by default the sample fails with its status. */
	protected void failed(Status status) {
		this.sample.fail(status);
	}

	/**
	 * The service answered, but wrongly: the sample fails as a bad response and the call
	 * is cancelled.
	 */
	protected final void bad(String why) {
		this.sample.badResponse(why);
		cancel(why);
	}

	protected final ClientCallStreamObserver<Q> requests() {
		return this.requests;
	}

	protected final void send(Q request) {
		synchronized (this) {
			this.requests.onNext(request);
		}
	}

	protected final void halfClose() {
		synchronized (this) {
			this.requests.onCompleted();
		}
	}

	protected final void cancel(String why) {
		synchronized (this) {
			this.requests.cancel(why, null);
		}
	}

}
