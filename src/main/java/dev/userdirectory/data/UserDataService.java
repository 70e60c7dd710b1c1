package dev.userdirectory.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.DownloadUserDataMetadata;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.streaming.FlowControlledStream;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * UploadUserData and DownloadUserData: each user's data blob, streamed both ways in
 * chunks.
 */
@Service
public class UserDataService {

	/** Stored chunks read per query while a download streams (256 KiB). */
	private static final int CHUNKS_PER_READ = 4;

	private final BlobStore store;

	private final ProtoValidator validator;

	private final UserDataProperties properties;

	private final Counter chunksRead;

	UserDataService(BlobStore store, ProtoValidator validator, UserDataProperties properties, MeterRegistry meters) {
		this.store = store;
		this.validator = validator;
		this.properties = properties;
		this.chunksRead = Counter.builder("users.data.chunks.read")
			.description("Stored 64 KiB chunks read by DownloadUserData")
			.register(meters);
	}

	public StreamObserver<UploadUserDataRequest> upload(StreamObserver<UploadUserDataResponse> response) {
		return new UploadCall(response, this.store, this.validator, this.properties.maxSize().toBytes());
	}

	public void download(DownloadUserDataRequest request, ServerCallStreamObserver<DownloadUserDataResponse> out) {
		BlobStore.StoredData data = this.store.find(UUID.fromString(request.getUserId()))
			.orElseThrow(() -> new ApiException(ErrorReason.USER_DATA_NOT_FOUND,
					"user " + request.getUserId() + " has no stored data", Map.of("user_id", request.getUserId()),
					List.of()));
		DownloadUserDataResponse metadata = DownloadUserDataResponse.newBuilder()
			.setMetadata(DownloadUserDataMetadata.newBuilder()
				.setUserId(request.getUserId())
				.setContentType(data.contentType())
				.setSha256(data.sha256())
				.setSizeBytes(data.sizeBytes()))
			.build();
		FlowControlledStream.start(out, new Chunks(data, metadata));
	}

	/**
	 * The metadata, then the blob's chunks a few per query, checked against the expected
	 * size.
	 */
	private final class Chunks implements FlowControlledStream.Source<DownloadUserDataResponse> {

		private final BlobStore.StoredData data;

		private DownloadUserDataResponse metadata;

		private int nextIndex;

		private long sent;

		Chunks(BlobStore.StoredData data, DownloadUserDataResponse metadata) {
			this.data = data;
			this.metadata = metadata;
		}

		@Override
		public List<DownloadUserDataResponse> next() {
			if (this.metadata != null) {
				List<DownloadUserDataResponse> first = List.of(this.metadata);
				this.metadata = null;
				return first;
			}
			if (this.sent == this.data.sizeBytes()) {
				return List.of();
			}
			List<byte[]> chunks = UserDataService.this.store.chunks(this.data.blobId(), this.nextIndex,
					CHUNKS_PER_READ);
			UserDataService.this.chunksRead.increment(chunks.size());
			if (chunks.isEmpty()) {
				// The blob was replaced (and its chunks deleted) while this download ran.
				throw new ApiException(ErrorReason.USER_DATA_REPLACED,
						"the data was replaced during the download; download it again", Map.of(), List.of());
			}
			List<DownloadUserDataResponse> messages = new ArrayList<>(chunks.size());
			for (byte[] chunk : chunks) {
				this.nextIndex++;
				this.sent += chunk.length;
				messages.add(DownloadUserDataResponse.newBuilder().setChunk(ByteString.copyFrom(chunk)).build());
			}
			return messages;
		}

	}

}
