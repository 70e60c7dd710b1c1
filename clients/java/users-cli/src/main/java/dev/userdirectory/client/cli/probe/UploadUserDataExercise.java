package dev.userdirectory.client.cli.probe;

import java.util.concurrent.CountDownLatch;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import io.grpc.Status;

/**
 * UploadUserData of data-size bytes to the worker's own user: metadata (with the sha256),
 * then 64 KiB chunks, sent as the call's flow control allows, until the response, which
 * must report the size and sha256 sent.
 */
final class UploadUserDataExercise extends OwnUserExercise {

	/**
	 * The service stores 64 KiB chunks; any size works, this one maps one message to one
	 * row.
	 */
	static final int CHUNK_BYTES = 64 * 1024;

	UploadUserDataExercise(ProbeContext probe) {
		super(probe, "upload");
	}

	@Override
	void start(int worker, Sample sample) {
		upload(this.probe, userId(worker), sample);
	}

	static void upload(ProbeContext probe, String userId, Sample sample) {
		Upload upload = new Upload(probe, userId, sample);
		probe.async().uploadUserData(upload);
		upload.drain();
	}

	/**
	 * Uploads the payload to {@code userId} outside any measurement (a fixture) and waits
	 * for it.
	 * @throws io.grpc.StatusRuntimeException when the upload failed
	 */
	static void uploadNow(ProbeContext probe, String userId) {
		CountDownLatch done = new CountDownLatch(1);
		Sample fixture = new Sample(System.nanoTime(), false, (ended) -> done.countDown());
		upload(probe, userId, fixture);
		try {
			done.await();
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
		}
		if (!fixture.succeeded()) {
			throw Status.UNKNOWN
				.withDescription("UploadUserData of the fixture data: " + fixture.status() + ": " + fixture.detail())
				.asRuntimeException();
		}
	}

	private static final class Upload extends SampleCall<UploadUserDataRequest, UploadUserDataResponse> {

		private final ProbeContext probe;

		private final String userId;

		/** Bytes of the payload sent so far; -1 before the metadata. */
		private int sent = -1;

		private boolean halfClosed;

		Upload(ProbeContext probe, String userId, Sample sample) {
			super(sample);
			this.probe = probe;
			this.userId = userId;
		}

		@Override
		protected void beforeStart() {
			requests().setOnReadyHandler(this::drain);
		}

		/**
		 * Sends what the call has room for; called when it becomes ready, and once at the
		 * start.
		 */
		synchronized void drain() {
			ByteString payload = this.probe.payload;
			while (!this.halfClosed && !this.sample.ended() && requests().isReady()) {
				if (this.sent < 0) {
					send(UploadUserDataRequest.newBuilder()
						.setMetadata(UploadUserDataMetadata.newBuilder()
							.setUserId(this.userId)
							.setContentType(ProbeContext.CONTENT_TYPE)
							.setSha256(this.probe.payloadSha256))
						.build());
					this.sent = 0;
				}
				else if (this.sent < payload.size()) {
					int end = Math.min(payload.size(), this.sent + CHUNK_BYTES);
					send(UploadUserDataRequest.newBuilder().setChunk(payload.substring(this.sent, end)).build());
					this.sent = end;
				}
				else {
					halfClose();
					this.halfClosed = true;
				}
			}
		}

		@Override
		protected void next(UploadUserDataResponse response) {
			if (response.getSizeBytes() != this.probe.payload.size()
					|| !response.getSha256().equalsIgnoreCase(this.probe.payloadSha256)) {
				bad("stored " + response.getSizeBytes() + " bytes with sha256 " + response.getSha256() + ", sent "
						+ this.probe.payload.size() + " with " + this.probe.payloadSha256);
			}
		}

		@Override
		protected void completed() {
			this.sample.succeed();
		}

	}

}
