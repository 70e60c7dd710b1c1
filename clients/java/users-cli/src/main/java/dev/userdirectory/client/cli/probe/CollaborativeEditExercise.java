package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.AppliedEdit;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.JoinEdit;
import dev.userdirectory.api.v1.TextEdit;

/**
 * CollaborativeEdit: join the bio of the worker's own user, wait for the snapshot,
 * replace its whole text by an edit on the snapshot's version (so the bio never grows),
 * read until the edit comes back applied (as the next version, turning the snapshot into
 * the text sent), half-close, and wait for the service to end the stream.
 */
final class CollaborativeEditExercise extends OwnUserExercise {

	CollaborativeEditExercise(ProbeContext probe) {
		super(probe, "edit");
	}

	@Override
	void start(int worker, Sample sample) {
		String text = "Probe bio " + this.probe.next();
		SampleCall<CollaborativeEditRequest, CollaborativeEditResponse> edit = new SampleCall<>(sample) {

			private long baseVersion = -1;

			private String snapshot;

			private boolean applied;

			@Override
			protected void next(CollaborativeEditResponse response) {
				switch (response.getEventCase()) {
					case SNAPSHOT -> {
						if (this.baseVersion < 0) {
							this.baseVersion = response.getSnapshot().getVersion();
							String current = response.getSnapshot().getText();
							this.snapshot = current;
							send(CollaborativeEditRequest.newBuilder()
								.setEdit(TextEdit.newBuilder()
									.setBaseVersion(this.baseVersion)
									.setPosition(0)
									.setDeleteCount(current.codePointCount(0, current.length()))
									.setInsertText(text))
								.build());
						}
					}
					case APPLIED -> {
						// The service sends the splice it applied (the difference it
						// made), not the
						// edit as sent: applied to the snapshot, it must give the text
						// sent.
						AppliedEdit applied = response.getApplied();
						if (this.applied || this.baseVersion < 0) {
							return;
						}
						String result = apply(this.snapshot, applied);
						if (applied.getVersion() != this.baseVersion + 1 || !result.equals(text)) {
							bad("the edit on version " + this.baseVersion + " came back as version "
									+ applied.getVersion() + " making \"" + result + "\" instead of \"" + text + "\"");
							return;
						}
						this.applied = true;
						halfClose();
					}
					case REJECTED -> bad("the edit was rejected: " + response.getRejected().getReason());
					default -> bad("an empty response");
				}
			}

			@Override
			protected void completed() {
				if (this.applied) {
					this.sample.succeed();
				}
				else {
					this.sample.badResponse("the stream ended before the edit was applied");
				}
			}
		};
		this.probe.async().collaborativeEdit(edit);
		edit.send(
				CollaborativeEditRequest.newBuilder().setJoin(JoinEdit.newBuilder().setUserId(userId(worker))).build());
	}

	/** {@code text} after an applied splice (positions in code points). */
	static String apply(String text, AppliedEdit splice) {
		int[] before = text.codePoints().toArray();
		int position = Math.min(splice.getPosition(), before.length);
		int end = Math.min(before.length, position + splice.getDeleteCount());
		StringBuilder after = new StringBuilder();
		for (int i = 0; i < position; i++) {
			after.appendCodePoint(before[i]);
		}
		after.append(splice.getInsertText());
		for (int i = end; i < before.length; i++) {
			after.appendCodePoint(before[i]);
		}
		return after.toString();
	}

}
