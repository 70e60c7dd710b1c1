package dev.userdirectory.data;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.StreamObserver;

/**
 * One UploadUserData stream: metadata first, then chunks, staged in the database under a
 * new blob id as they arrive (so memory holds one 64 KiB chunk, not the upload), hashed
 * on the way, and published only when the whole upload is within the limit and matches
 * its hash. Any failure, or the client going away, discards the staged chunks.
 */
class UploadCall implements StreamObserver<UploadUserDataRequest> {

	static final int STORED_CHUNK = 64 * 1024;

	private final StreamObserver<UploadUserDataResponse> response;

	private final BlobStore store;

	private final ProtoValidator validator;

	private final long maxSize;

	private final UUID blobId = UUID.randomUUID();

	private final MessageDigest sha256;

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream(STORED_CHUNK);

	private UploadUserDataMetadata metadata;

	private long size;

	private int storedChunks;

	private boolean finished;

	UploadCall(StreamObserver<UploadUserDataResponse> response, BlobStore store, ProtoValidator validator,
			long maxSize) {
		this.response = response;
		this.store = store;
		this.validator = validator;
		this.maxSize = maxSize;
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	@Override
	public void onNext(UploadUserDataRequest message) {
		if (this.finished) {
			return;
		}
		try {
			this.validator.validate(message);
			if (this.metadata == null) {
				start(message);
			}
			else if (message.hasMetadata()) {
				throw ApiException.invalid("metadata", "only the first message may carry metadata");
			}
			else {
				append(message.getChunk());
			}
		}
		catch (RuntimeException failure) {
			fail(failure);
		}
	}

	private void start(UploadUserDataRequest first) {
		if (!first.hasMetadata()) {
			throw ApiException.invalid("metadata", "the first message must carry the metadata");
		}
		UploadUserDataMetadata metadata = first.getMetadata();
		if (!this.store.userExists(UUID.fromString(metadata.getUserId()))) {
			throw ApiException.userNotFound(metadata.getUserId());
		}
		this.metadata = metadata;
	}

	private void append(ByteString chunk) {
		this.size += chunk.size();
		if (this.size > this.maxSize) {
			throw new ApiException(ErrorReason.TOO_LARGE,
					"the upload exceeds the limit of " + this.maxSize + " bytes; nothing was stored",
					Map.of("max_bytes", Long.toString(this.maxSize)), List.of());
		}
		for (int offset = 0; offset < chunk.size();) {
			int room = STORED_CHUNK - this.pending.size();
			int take = Math.min(room, chunk.size() - offset);
			byte[] part = chunk.substring(offset, offset + take).toByteArray();
			this.pending.write(part, 0, take);
			this.sha256.update(part);
			offset += take;
			if (this.pending.size() == STORED_CHUNK) {
				flush();
			}
		}
	}

	private void flush() {
		if (this.pending.size() > 0) {
			this.store.writeChunk(this.blobId, this.storedChunks++, this.pending.toByteArray());
			this.pending.reset();
		}
	}

	@Override
	public void onError(Throwable clientGone) {
		if (!this.finished) {
			this.finished = true;
			this.store.discard(this.blobId);
		}
	}

	@Override
	public void onCompleted() {
		if (this.finished) {
			return;
		}
		try {
			if (this.metadata == null) {
				throw ApiException.invalid("metadata", "the first message must carry the metadata");
			}
			flush();
			String actual = HexFormat.of().formatHex(this.sha256.digest());
			if (!this.metadata.getSha256().isEmpty() && !this.metadata.getSha256().equalsIgnoreCase(actual)) {
				throw ApiException.invalid("metadata.sha256",
						"does not match the received bytes (their SHA-256 is " + actual + "); nothing was stored");
			}
			UUID userId = UUID.fromString(this.metadata.getUserId());
			boolean published = this.store.publish(userId,
					new BlobStore.StoredData(this.blobId, this.metadata.getContentType(), actual, this.size));
			if (!published) {
				throw ApiException.userNotFound(this.metadata.getUserId());
			}
			this.finished = true;
			this.response.onNext(UploadUserDataResponse.newBuilder()
				.setUserId(this.metadata.getUserId())
				.setSizeBytes(this.size)
				.setSha256(actual)
				.build());
			this.response.onCompleted();
		}
		catch (RuntimeException failure) {
			fail(failure);
		}
	}

	private void fail(RuntimeException failure) {
		this.finished = true;
		try {
			this.store.discard(this.blobId);
		}
		finally {
			this.response.onError(failure);
		}
	}

}
