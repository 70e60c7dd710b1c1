package dev.userdirectory.edit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.AppliedEdit;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.TextEdit;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CollaborativeEdit over the wire: snapshots, applied edits for everyone, convergence.
 */
abstract class AbstractCollaborativeEditTests extends AbstractGrpcIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	/**
	 * A client of the edit stream that keeps the server's text by applying applied edits
	 * in order.
	 */
	final class EditorClient {

		final StreamRecorder<CollaborativeEditRequest, CollaborativeEditResponse> received = new StreamRecorder<>();

		final StreamObserver<CollaborativeEditRequest> send;

		String text;

		long version;

		EditorClient(String subject) {
			this.send = UserServiceGrpc.newStub(AbstractCollaborativeEditTests.this.channel)
				.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject(subject).sign()))
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.collaborativeEdit(this.received);
		}

		EditorClient join(String userId) throws InterruptedException {
			this.send
				.onNext(CollaborativeEditRequest.newBuilder().setJoin(JoinEdit.newBuilder().setUserId(userId)).build());
			CollaborativeEditResponse first = this.received.take(1, WAIT).get(0);
			assertThat(first.hasSnapshot()).as("the first answer is the snapshot").isTrue();
			this.text = first.getSnapshot().getText();
			this.version = first.getSnapshot().getVersion();
			return this;
		}

		void edit(long baseVersion, int position, int deleteCount, String insert) {
			this.send.onNext(CollaborativeEditRequest.newBuilder()
				.setEdit(TextEdit.newBuilder()
					.setBaseVersion(baseVersion)
					.setPosition(position)
					.setDeleteCount(deleteCount)
					.setInsertText(insert))
				.build());
		}

		/**
		 * Takes {@code count} messages, applying the applied edits to this client's copy.
		 */
		List<CollaborativeEditResponse> receive(int count) throws InterruptedException {
			List<CollaborativeEditResponse> messages = this.received.take(count, WAIT);
			for (CollaborativeEditResponse message : messages) {
				if (message.hasApplied()) {
					AppliedEdit applied = message.getApplied();
					assertThat(applied.getVersion()).isEqualTo(this.version + 1);
					int[] text = this.text.codePoints().toArray();
					int[] next = TextOperation
						.splice(text.length,
								new Splice(applied.getPosition(), applied.getDeleteCount(), applied.getInsertText()))
						.apply(text);
					this.text = new String(next, 0, next.length);
					this.version = applied.getVersion();
				}
			}
			return messages;
		}

	}

	String userWithBio(String bio) {
		return this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("edit-" + UUID.randomUUID() + "@example.com")
				.setName("Editor")
				.setProfile(Profile.newBuilder().setBio(bio))
				.build())
			.getUser()
			.getId();
	}

	User stored(String id) {
		return this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser();
	}

	@Test
	void joiningAnswersWithTheCurrentTextAndVersion() throws Exception {
		String id = userWithBio("hello");
		EditorClient editor = new EditorClient("ann").join(id);
		assertThat(editor.text).isEqualTo("hello");
		assertThat(editor.version).isZero();
		editor.send.onCompleted();
	}

	@Test
	void anEditReachesEveryEditorAndIsStored() throws Exception {
		String id = userWithBio("hello");
		String etagBefore = stored(id).getEtag();
		EditorClient ann = new EditorClient("ann").join(id);
		EditorClient ben = new EditorClient("ben").join(id);

		ann.edit(0, 5, 0, " world");

		for (EditorClient editor : List.of(ann, ben)) {
			AppliedEdit applied = editor.receive(1).get(0).getApplied();
			assertThat(applied.getAuthor()).isEqualTo("ann");
			assertThat(applied.getVersion()).isEqualTo(1);
			assertThat(editor.text).isEqualTo("hello world");
		}
		User user = stored(id);
		assertThat(user.getProfile().getBio()).isEqualTo("hello world");
		assertThat(user.getEtag()).isNotEqualTo(etagBefore);
		assertThat(user.getUpdatedBy()).isEqualTo("ann");
	}

	@Test
	void concurrentEditsConvergeOnTheStoredText() throws Exception {
		String id = userWithBio("the quick brown fox");
		EditorClient ann = new EditorClient("ann").join(id);
		EditorClient ben = new EditorClient("ben").join(id);
		EditorClient cat = new EditorClient("cat").join(id);

		// All three edit version 0 at once, overlapping.
		ann.edit(0, 4, 6, "slow ");
		ben.edit(0, 10, 5, "red");
		cat.edit(0, 0, 3, "A");

		for (EditorClient editor : List.of(ann, ben, cat)) {
			editor.receive(3);
		}
		String bio = stored(id).getProfile().getBio();
		assertThat(List.of(ann.text, ben.text, cat.text)).containsOnly(bio);
		assertThat(bio).contains("slow ", "red", "A").endsWith(" fox");
	}

	@Test
	void positionsCountCodePointsNotChars() throws Exception {
		String id = userWithBio("a😀b");
		EditorClient editor = new EditorClient("ann").join(id);

		editor.edit(0, 2, 1, "!");

		editor.receive(1);
		assertThat(stored(id).getProfile().getBio()).isEqualTo("a😀!");
	}

	@Test
	void editsThatCannotApplyAreRejectedAndTheStreamGoesOn() throws Exception {
		String id = userWithBio("abc");
		EditorClient editor = new EditorClient("ann").join(id);

		editor.edit(5, 0, 0, "x");
		editor.edit(0, 2, 5, "x");
		editor.edit(0, 3, 0, "y".repeat(3998));
		List<CollaborativeEditResponse> rejected = editor.receive(3);
		assertThat(rejected).allSatisfy((message) -> assertThat(message.getRejected().getReason()).isNotBlank());

		editor.edit(0, 3, 0, "d");
		assertThat(editor.receive(1).get(0).hasApplied()).isTrue();
		assertThat(stored(id).getProfile().getBio()).isEqualTo("abcd");
	}

	@Test
	void editingBeforeJoiningOrAnUnknownUserEndsTheStream() throws Exception {
		EditorClient early = new EditorClient("ann");
		early.edit(0, 0, 0, "x");
		await().atMost(WAIT).until(() -> early.received.closedWith() != null);
		assertThat(early.received.closedWith().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

		EditorClient lost = new EditorClient("ann");
		lost.send.onNext(CollaborativeEditRequest.newBuilder()
			.setJoin(JoinEdit.newBuilder().setUserId(UUID.randomUUID().toString()))
			.build());
		await().atMost(WAIT).until(() -> lost.received.closedWith() != null);
		assertThat(lost.received.closedWith().getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

}
