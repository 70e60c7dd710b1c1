package dev.userdirectory.support;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * A server call's response side whose transport readiness the test sets: it records what
 * the handler sends and when it ends, and runs the on-ready and on-cancel handlers on
 * demand, as gRPC would (one at a time, on the caller's thread).
 */
public final class FakeServerCallStreamObserver<T> extends ServerCallStreamObserver<T> {

	public final List<T> sent = new CopyOnWriteArrayList<>();

	public volatile Throwable error;

	public volatile boolean completed;

	private boolean ready;

	private boolean cancelled;

	private Runnable onReady = () -> {
	};

	private Runnable onCancel = () -> {
	};

	private Runnable onClose = () -> {
	};

	/** Readiness as the transport would report it: false until {@link #becomeReady}. */
	public FakeServerCallStreamObserver<T> readyFor(int messages) {
		this.ready = messages > 0;
		this.budget = messages;
		return this;
	}

	private int budget;

	/**
	 * The client read everything: the transport takes {@code messages} more, then calls
	 * on-ready.
	 */
	public void becomeReady(int messages) {
		readyFor(messages);
		this.onReady.run();
	}

	/** The client went away (or its deadline expired). */
	public void cancel() {
		this.cancelled = true;
		this.ready = false;
		this.onCancel.run();
	}

	public boolean ended() {
		return this.completed || this.error != null;
	}

	@Override
	public boolean isReady() {
		return this.ready && !this.cancelled;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public void setOnReadyHandler(Runnable onReadyHandler) {
		this.onReady = onReadyHandler;
	}

	@Override
	public void setOnCancelHandler(Runnable onCancelHandler) {
		this.onCancel = onCancelHandler;
	}

	@Override
	public void setOnCloseHandler(Runnable onCloseHandler) {
		this.onClose = onCloseHandler;
	}

	@Override
	public void setCompression(String compression) {
	}

	@Override
	public void disableAutoInboundFlowControl() {
	}

	@Override
	public void request(int count) {
	}

	@Override
	public void setMessageCompression(boolean enable) {
	}

	@Override
	public void onNext(T value) {
		if (ended()) {
			throw new IllegalStateException("onNext after the call ended");
		}
		this.sent.add(value);
		if (--this.budget <= 0) {
			this.ready = false;
		}
	}

	@Override
	public void onError(Throwable t) {
		if (ended()) {
			throw new IllegalStateException("onError after the call ended");
		}
		this.error = t;
		this.onClose.run();
	}

	@Override
	public void onCompleted() {
		if (ended()) {
			throw new IllegalStateException("onCompleted after the call ended");
		}
		this.completed = true;
		this.onClose.run();
	}

}
