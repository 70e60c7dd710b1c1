package dev.userdirectory.crash;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.api.v1.User;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * UploadUserData over and over for one user: after the kill, a whole blob, the last
 * answered or the cut one.
 */
final class UploadWrites implements Workload {

	private static final int BLOB_SIZE = 150 * 1024;

	private static final int CHUNK = 32 * 1024;

	private String userId;

	private String answeredSha;

	private String unansweredSha;

	private int answered;

	@Override
	public String name() {
		return "UploadUserData";
	}

	@Override
	public void run(Clients clients) {
		try {
			this.userId = clients.blocking()
				.createUser(CreateUserRequest.newBuilder()
					.setEmail("upload-" + UUID.randomUUID() + "@crash.example")
					.setName("Uploader")
					.build())
				.getUser()
				.getId();
			while (true) {
				byte[] blob = new byte[BLOB_SIZE];
				ThreadLocalRandom.current().nextBytes(blob);
				String sha = sha256(blob);
				synchronized (this) {
					this.unansweredSha = sha;
				}
				CompletableFuture<UploadUserDataResponse> response = new CompletableFuture<>();
				StreamObserver<UploadUserDataRequest> requests = clients.async()
					.withDeadlineAfter(30, TimeUnit.SECONDS)
					.uploadUserData(Observers.completing(response));
				requests.onNext(UploadUserDataRequest.newBuilder()
					.setMetadata(UploadUserDataMetadata.newBuilder()
						.setUserId(this.userId)
						.setContentType("application/octet-stream")
						.setSha256(sha))
					.build());
				for (int offset = 0; offset < blob.length; offset += CHUNK) {
					requests.onNext(UploadUserDataRequest.newBuilder()
						.setChunk(ByteString.copyFrom(blob, offset, Math.min(CHUNK, blob.length - offset)))
						.build());
				}
				requests.onCompleted();
				String stored = response.get(60, TimeUnit.SECONDS).getSha256();
				synchronized (this) {
					this.answeredSha = stored;
					this.unansweredSha = null;
					this.answered++;
				}
			}
		}
		catch (Exception serviceWentAway) {
			// The kill; the upload in flight stays unanswered.
		}
	}

	@Override
	public synchronized int acknowledged() {
		return this.answered;
	}

	@Override
	public synchronized void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts)
			throws Exception {
		if (this.userId == null || this.answeredSha == null) {
			verdicts.info("UploadUserData: no upload was answered before the kill; nothing to check");
			return;
		}
		Iterator<DownloadUserDataResponse> download = clients.blocking()
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.downloadUserData(DownloadUserDataRequest.newBuilder().setUserId(this.userId).build());
		String claimed = null;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		long claimedSize = -1;
		try {
			while (download.hasNext()) {
				DownloadUserDataResponse message = download.next();
				if (message.hasMetadata()) {
					claimed = message.getMetadata().getSha256();
					claimedSize = message.getMetadata().getSizeBytes();
				}
				else {
					message.getChunk().writeTo(bytes);
				}
			}
		}
		catch (StatusRuntimeException failed) {
			verdicts.check(false, "UploadUserData: the download after the restart failed: " + failed.getStatus());
			return;
		}
		String actual = sha256(bytes.toByteArray());
		boolean whole = actual.equals(claimed) && bytes.size() == claimedSize;
		boolean expected = actual.equals(this.answeredSha) || actual.equals(this.unansweredSha);
		verdicts.check(whole && expected,
				String.format("UploadUserData: %d uploads answered; the blob served after the restart is %s, %s",
						this.answered, whole ? "whole (sha256 and size match)" : "NOT whole",
						actual.equals(this.answeredSha) ? "the last answered one" : actual.equals(this.unansweredSha)
								? "the one cut by the kill, complete" : "NEITHER the last answered nor the cut one"));
	}

	static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
