package dev.userdirectory.crash;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.TextEdit;
import dev.userdirectory.api.v1.User;
import io.grpc.stub.StreamObserver;

/**
 * Appends to one user's bio through CollaborativeEdit, one edit at a time: after the kill
 * the stored bio holds every applied edit (and at most the one in flight), at no lower
 * version.
 */
final class EditWrites implements Workload {

	private static final Object ENDED = new Object();

	private String userId;

	private String text = "";

	private long version;

	private String unansweredInsert;

	private int applied;

	@Override
	public String name() {
		return "CollaborativeEdit";
	}

	@Override
	public void run(Clients clients) {
		BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		try {
			this.userId = clients.blocking()
				.createUser(CreateUserRequest.newBuilder()
					.setEmail("edit-" + UUID.randomUUID() + "@crash.example")
					.setName("Editor")
					.build())
				.getUser()
				.getId();
			StreamObserver<CollaborativeEditRequest> requests = clients.async()
				.collaborativeEdit(new StreamObserver<>() {
					@Override
					public void onNext(CollaborativeEditResponse value) {
						events.add(value);
					}

					@Override
					public void onError(Throwable t) {
						events.add(ENDED);
					}

					@Override
					public void onCompleted() {
						events.add(ENDED);
					}
				});
			requests.onNext(CollaborativeEditRequest.newBuilder()
				.setJoin(JoinEdit.newBuilder().setUserId(this.userId))
				.build());
			if (!(events.poll(30, TimeUnit.SECONDS) instanceof CollaborativeEditResponse snapshot)
					|| !snapshot.hasSnapshot()) {
				return;
			}
			for (int n = 0;; n++) {
				String insert = "e" + n + " ";
				synchronized (this) {
					this.unansweredInsert = insert;
				}
				requests.onNext(CollaborativeEditRequest.newBuilder()
					.setEdit(TextEdit.newBuilder()
						.setBaseVersion(this.version)
						.setPosition(this.text.codePointCount(0, this.text.length()))
						.setInsertText(insert))
					.build());
				if (!(events.poll(30, TimeUnit.SECONDS) instanceof CollaborativeEditResponse answer)
						|| !answer.hasApplied()) {
					return;
				}
				synchronized (this) {
					this.text = this.text + insert;
					this.version = answer.getApplied().getVersion();
					this.unansweredInsert = null;
					this.applied++;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException serviceWentAway) {
			// The kill.
		}
	}

	@Override
	public synchronized int acknowledged() {
		return this.applied;
	}

	@Override
	public synchronized void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts)
			throws Exception {
		if (this.userId == null) {
			verdicts.info("CollaborativeEdit: the editor had not started before the kill; nothing to check");
			return;
		}
		String bio = clients.blocking()
			.getUser(GetUserRequest.newBuilder().setId(this.userId).build())
			.getUser()
			.getProfile()
			.getBio();
		BlockingQueue<CollaborativeEditResponse> answers = new LinkedBlockingQueue<>();
		StreamObserver<CollaborativeEditRequest> requests = clients.async().collaborativeEdit(new StreamObserver<>() {
			@Override
			public void onNext(CollaborativeEditResponse value) {
				answers.add(value);
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
			}
		});
		requests.onNext(
				CollaborativeEditRequest.newBuilder().setJoin(JoinEdit.newBuilder().setUserId(this.userId)).build());
		CollaborativeEditResponse snapshot = answers.poll(30, TimeUnit.SECONDS);
		requests.onCompleted();
		boolean asApplied = bio.equals(this.text)
				|| (this.unansweredInsert != null && bio.equals(this.text + this.unansweredInsert));
		boolean versionKept = snapshot != null && snapshot.hasSnapshot()
				&& snapshot.getSnapshot().getVersion() >= this.version && snapshot.getSnapshot().getText().equals(bio);
		verdicts.check(asApplied && versionKept,
				String.format(
						"CollaborativeEdit: %d edits applied up to version %d; after the restart the bio %s and the"
								+ " snapshot is at version %s",
						this.applied, this.version,
						asApplied ? "holds every applied edit"
								: "LOST applied edits (" + bio.length() + " of " + this.text.length() + " characters)",
						snapshot == null || !snapshot.hasSnapshot() ? "(none)" : snapshot.getSnapshot().getVersion()));
	}

}
