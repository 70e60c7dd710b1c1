package dev.userdirectory.data;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.UploadUserDataMetadata;
import dev.userdirectory.api.v1.UploadUserDataRequest;
import dev.userdirectory.api.v1.UploadUserDataResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** Upload and download of a user's data blob, over the wire. */
abstract class AbstractUserDataTests extends AbstractGrpcIntegrationTests {

	private static final int MiB = 1024 * 1024;

	private String newUser() {
		return this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("data-" + UUID.randomUUID() + "@example.com")
				.setName("Data")
				.build())
			.getUser()
			.getId();
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static List<UploadUserDataRequest> uploadOf(String userId, byte[] bytes, String sha256, int chunkSize) {
		List<UploadUserDataRequest> messages = new ArrayList<>();
		messages.add(UploadUserDataRequest.newBuilder()
			.setMetadata(UploadUserDataMetadata.newBuilder()
				.setUserId(userId)
				.setContentType("application/octet-stream")
				.setSha256(sha256))
			.build());
		for (int offset = 0; offset < bytes.length; offset += chunkSize) {
			messages.add(UploadUserDataRequest.newBuilder()
				.setChunk(ByteString.copyFrom(bytes, offset, Math.min(chunkSize, bytes.length - offset)))
				.build());
		}
		return messages;
	}

	private UserServiceGrpc.UserServiceStub async() {
		return UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS);
	}

	private UploadUserDataResponse upload(List<UploadUserDataRequest> messages) throws Throwable {
		UserServiceGrpc.UserServiceStub stub = async();
		return ClientStreams.<UploadUserDataRequest, UploadUserDataResponse>send(stub::uploadUserData,
				messages.iterator(), 60);
	}

	private List<DownloadUserDataResponse> download(String userId) {
		List<DownloadUserDataResponse> messages = new ArrayList<>();
		Iterator<DownloadUserDataResponse> stream = this.users
			.downloadUserData(DownloadUserDataRequest.newBuilder().setUserId(userId).build());
		stream.forEachRemaining(messages::add);
		return messages;
	}

	private static byte[] bytesOf(List<DownloadUserDataResponse> messages) {
		ByteString all = ByteString.EMPTY;
		for (DownloadUserDataResponse message : messages.subList(1, messages.size())) {
			all = all.concat(message.getChunk());
		}
		return all.toByteArray();
	}

	@Test
	void uploadsAndDownloadsTheSameBytesInChunksOfAtMost64KiB() throws Throwable {
		String user = newUser();
		byte[] bytes = randomBytes(3 * MiB + 12345, 1);

		UploadUserDataResponse uploaded = upload(uploadOf(user, bytes, sha256(bytes), 100_000));

		assertThat(uploaded.getUserId()).isEqualTo(user);
		assertThat(uploaded.getSizeBytes()).isEqualTo(bytes.length);
		assertThat(uploaded.getSha256()).isEqualTo(sha256(bytes));
		List<DownloadUserDataResponse> downloaded = download(user);
		DownloadUserDataResponse metadata = downloaded.get(0);
		assertThat(metadata.hasMetadata()).isTrue();
		assertThat(metadata.getMetadata().getSizeBytes()).isEqualTo(bytes.length);
		assertThat(metadata.getMetadata().getSha256()).isEqualTo(sha256(bytes));
		assertThat(metadata.getMetadata().getContentType()).isEqualTo("application/octet-stream");
		assertThat(downloaded.subList(1, downloaded.size()))
			.allSatisfy((chunk) -> assertThat(chunk.getChunk().size()).isBetween(1, 64 * 1024));
		assertThat(bytesOf(downloaded)).isEqualTo(bytes);
	}

	@Test
	void anUploadWithoutAHashIsAcceptedAndReplacesTheEarlierOne() throws Throwable {
		String user = newUser();
		upload(uploadOf(user, randomBytes(1000, 2), "", 300));
		byte[] second = randomBytes(70_000, 3);

		upload(uploadOf(user, second, "", 8192));

		assertThat(bytesOf(download(user))).isEqualTo(second);
		assertThat(this.jdbc.queryForObject(
				"select count(distinct blob_id) from blob_chunks where blob_id in (select blob_id from user_data where user_id = ?)",
				Integer.class, UUID.fromString(user)))
			.isEqualTo(1);
	}

	@Test
	void aMismatchedHashStoresNothingAndKeepsTheEarlierData() throws Throwable {
		String user = newUser();
		byte[] first = randomBytes(5000, 4);
		upload(uploadOf(user, first, sha256(first), 1000));
		int chunksBefore = this.jdbc.queryForObject("select count(*) from blob_chunks", Integer.class);

		byte[] second = randomBytes(200_000, 5);
		assertFails(Code.INVALID_ARGUMENT, () -> upload(uploadOf(user, second, sha256(first), 65536)))
			.hasViolationsOn("metadata.sha256");

		assertThat(bytesOf(download(user))).isEqualTo(first);
		assertThat(this.jdbc.queryForObject("select count(*) from blob_chunks", Integer.class)).isEqualTo(chunksBefore);
	}

	@Test
	void anUploadOverTheLimitIsResourceExhaustedAndStoresNothing() throws Throwable {
		String user = newUser();
		byte[] tooLarge = randomBytes(10 * MiB + 1, 6);

		assertFails(Code.RESOURCE_EXHAUSTED, () -> upload(uploadOf(user, tooLarge, "", MiB))).hasReason("TOO_LARGE");

		assertFails(Code.NOT_FOUND, () -> download(user)).hasReason("USER_DATA_NOT_FOUND");
	}

	@Test
	void anUploadAtTheLimitIsAccepted() throws Throwable {
		String user = newUser();
		byte[] limit = randomBytes(10 * MiB, 7);
		assertThat(upload(uploadOf(user, limit, sha256(limit), MiB)).getSizeBytes()).isEqualTo(10 * MiB);
	}

	@Test
	void aCancelledUploadKeepsTheEarlierData() throws Throwable {
		String user = newUser();
		byte[] first = randomBytes(4000, 8);
		upload(uploadOf(user, first, "", 4000));
		var call = (ClientCallStreamObserver<UploadUserDataRequest>) async().uploadUserData(new StreamObserver<>() {
			@Override
			public void onNext(UploadUserDataResponse value) {
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
			}
		});
		for (UploadUserDataRequest message : uploadOf(user, randomBytes(300_000, 9), "", 65536)) {
			call.onNext(message);
		}
		call.cancel("changed my mind", null);
		Thread.sleep(500);

		assertThat(bytesOf(download(user))).isEqualTo(first);
	}

	@Test
	void refusesUnknownUsersAndMalformedStreams() {
		String unknown = UUID.randomUUID().toString();
		assertFails(Code.NOT_FOUND, () -> upload(uploadOf(unknown, new byte[10], "", 10))).hasReason("USER_NOT_FOUND");
		assertFails(Code.NOT_FOUND, () -> download(unknown)).hasReason("USER_DATA_NOT_FOUND");

		String user = newUser();
		List<UploadUserDataRequest> chunkFirst = uploadOf(user, new byte[10], "", 10).subList(1, 2);
		assertFails(Code.INVALID_ARGUMENT, () -> upload(chunkFirst)).hasViolationsOn("metadata");
		List<UploadUserDataRequest> twoMetadata = new ArrayList<>(uploadOf(user, new byte[10], "", 10));
		twoMetadata.add(twoMetadata.get(0));
		assertFails(Code.INVALID_ARGUMENT, () -> upload(twoMetadata)).hasViolationsOn("metadata");
		assertFails(Code.INVALID_ARGUMENT, () -> upload(uploadOf(user, new byte[10], "abc", 10)))
			.hasViolationsOn("metadata.sha256");
		assertFails(Code.INVALID_ARGUMENT, () -> upload(List.of())).hasViolationsOn("metadata");
	}

	@Test
	void aDeletedUsersDataIsGoneUntilUndeleteAndCannotBeReplaced() throws Throwable {
		String user = newUser();
		byte[] bytes = new byte[100];
		upload(uploadOf(user, bytes, "", 100));

		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user).build());

		assertFails(Code.NOT_FOUND, () -> download(user)).hasReason("USER_DATA_NOT_FOUND");
		assertFails(Code.NOT_FOUND, () -> upload(uploadOf(user, new byte[10], "", 10))).hasReason("USER_NOT_FOUND");
		this.users.undeleteUser(UndeleteUserRequest.newBuilder().setId(user).build());
		assertThat(bytesOf(download(user))).as("kept for the undelete").isEqualTo(bytes);
	}

}
