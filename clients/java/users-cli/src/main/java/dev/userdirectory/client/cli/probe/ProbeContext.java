package dev.userdirectory.client.cli.probe;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.UserServiceGrpc.UserServiceFutureStub;
import dev.userdirectory.api.v1.UserServiceGrpc.UserServiceStub;
import dev.userdirectory.client.UsersClient;
import io.grpc.ClientInterceptor;
import io.grpc.stub.MetadataUtils;

/**
 * What every exercise of one probe run shares: the stubs (on the {@code users} channel,
 * with the extra headers), the settings, the run tag that marks everything the run
 * creates, and the data blob it uploads.
 */
final class ProbeContext {

	/** The content type of the blobs the probe uploads. */
	static final String CONTENT_TYPE = "application/octet-stream";

	final ProbeProperties settings;

	/**
	 * On every user the run creates (a tag, and the start of every email) and in every
	 * chat room.
	 */
	final String runTag;

	final Fixtures fixtures;

	final ByteString payload;

	final String payloadSha256;

	final PrintStream log;

	private final UserServiceStub async;

	private final UserServiceFutureStub future;

	private final AtomicLong sequence = new AtomicLong();

	ProbeContext(UsersClient users, ProbeProperties settings, PrintStream log) {
		this.settings = settings;
		this.runTag = "probe-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		ClientInterceptor extraHeaders = MetadataUtils
			.newAttachHeadersInterceptor(ProbeHeaders.parse(settings.headers()));
		// No deadline set here: every call gets the channel's default
		// (spring.grpc.client.channel.users.default.deadline).
		this.async = users.async().withInterceptors(extraHeaders);
		// The async stub's channel is the users channel behind the extra headers'
		// interceptor.
		this.future = UserServiceGrpc.newFutureStub(this.async.getChannel());
		this.payload = ByteString.copyFrom(randomBytes(Math.toIntExact(settings.dataSize().toBytes())));
		this.payloadSha256 = sha256(this.payload);
		this.log = log;
		this.fixtures = new Fixtures(this);
	}

	UserServiceStub async() {
		return this.async;
	}

	UserServiceFutureStub future() {
		return this.future;
	}

	/** A number unique within the run, for emails, names and messages. */
	long next() {
		return this.sequence.incrementAndGet();
	}

	/** The tag the ListUsers fixtures (and only they) carry. */
	String listTag() {
		return this.runTag + "-list";
	}

	/** A new user of this run, with a unique email; {@code kind} says what it is for. */
	CreateUserRequest newUser(String kind, String... extraTags) {
		long n = next();
		return CreateUserRequest.newBuilder()
			.setEmail(this.runTag + "-" + kind + "-" + n + "@example.com")
			.setName("Probe " + kind + " " + n)
			.addTags(this.runTag)
			.addAllTags(List.of(extraTags))
			.build();
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	static String sha256(ByteString bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
		}
		catch (NoSuchAlgorithmException impossible) {
			throw new IllegalStateException(impossible);
		}
	}

}
