package dev.userdirectory.client;

import java.util.Iterator;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/** Sends the next users whenever the transport is ready for more, then half-closes. */
final class FlowControlledUpload implements ClientResponseObserver<CreateUsersRequest, CreateUsersResponse> {

	private final Iterator<CreateUserRequest> pending;

	private final StreamObserver<CreateUsersResponse> response;

	private boolean halfClosed;

	FlowControlledUpload(Iterator<CreateUserRequest> pending, StreamObserver<CreateUsersResponse> response) {
		this.pending = pending;
		this.response = response;
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<CreateUsersRequest> requests) {
		// gRPC runs the handler serially, so the iterator is only ever read by one thread
		// at a time.
		requests.setOnReadyHandler(() -> {
			while (requests.isReady() && this.pending.hasNext()) {
				requests.onNext(CreateUsersRequest.newBuilder().setUser(this.pending.next()).build());
			}
			if (!this.pending.hasNext() && !this.halfClosed) {
				this.halfClosed = true;
				requests.onCompleted();
			}
		});
	}

	@Override
	public void onNext(CreateUsersResponse value) {
		this.response.onNext(value);
	}

	@Override
	public void onError(Throwable failure) {
		this.response.onError(failure);
	}

	@Override
	public void onCompleted() {
		this.response.onCompleted();
	}

}
