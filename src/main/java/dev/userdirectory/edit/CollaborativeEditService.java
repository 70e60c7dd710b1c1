package dev.userdirectory.edit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import dev.userdirectory.api.v1.AppliedEdit;
import dev.userdirectory.api.v1.CollaborativeEditRequest;
import dev.userdirectory.api.v1.CollaborativeEditResponse;
import dev.userdirectory.api.v1.EditSnapshot;
import dev.userdirectory.api.v1.RejectedEdit;
import dev.userdirectory.api.v1.TextEdit;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.TailedStream;
import dev.userdirectory.user.UserPatch;
import dev.userdirectory.user.UserService;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CollaborativeEdit of a user's profile.bio. The server is the one authority: under the
 * user's row lock it transforms each edit against the edits its author had not seen
 * (operational transformation, {@link TextOperation}), applies it, stores the bio and the
 * edit as the next version, and every editor of that bio, on every replica, receives the
 * applied splice. Editors that apply the applied splices in version order all hold the
 * stored text.
 */
@Service
public class CollaborativeEditService {

	private static final int MAX_BIO_LENGTH = 4000;

	private final EditStore store;

	private final UserService users;

	private final ProtoValidator validator;

	private final TransactionTemplate transactions;

	private final ExecutorService streamExecutor;

	private final EditProperties properties;

	private final FeedTail<EditRow> tail;

	CollaborativeEditService(EditStore store, FeedTail<EditRow> editTail, UserService users, ProtoValidator validator,
			TransactionTemplate transactions, ExecutorService streamExecutor, EditProperties properties) {
		this.store = store;
		this.tail = editTail;
		this.users = users;
		this.validator = validator;
		this.transactions = transactions;
		this.streamExecutor = streamExecutor;
		this.properties = properties;
	}

	public StreamObserver<CollaborativeEditRequest> open(ServerCallStreamObserver<CollaborativeEditResponse> out,
			String author) {
		return new Editor(out, author);
	}

	/**
	 * Applies one edit made on {@code baseVersion}; returns why it cannot apply, or empty
	 * when it was applied (the editor then hears of it like everyone else).
	 */
	Optional<String> apply(UUID userId, TextEdit edit, String author) {
		return this.transactions.execute((tx) -> {
			EditStore.Document document = this.store.lockDocument(userId)
				.orElseThrow(() -> ApiException.userNotFound(userId.toString()));
			if (edit.getBaseVersion() > document.version()) {
				return Optional.of("base_version " + edit.getBaseVersion() + " is ahead of the document's version "
						+ document.version());
			}
			int[] current = document.text().codePoints().toArray();
			List<EditRow> missed = this.store.editsAfter(userId, edit.getBaseVersion());
			int baseLength = missed.isEmpty() ? current.length : missed.get(0).lengthBefore();
			Splice splice = new Splice(edit.getPosition(), edit.getDeleteCount(), edit.getInsertText());
			if (!splice.fits(baseLength)) {
				return Optional.of("the edit reaches past the end of version " + edit.getBaseVersion() + ", which has "
						+ baseLength + " characters");
			}
			TextOperation operation = TextOperation.splice(baseLength, splice);
			for (EditRow earlier : missed) {
				operation = TextOperation.transform(operation,
						TextOperation.splice(earlier.lengthBefore(), earlier.splice()))[0];
			}
			int[] next = operation.apply(current);
			if (next.length > MAX_BIO_LENGTH) {
				return Optional.of("the bio would exceed " + MAX_BIO_LENGTH + " characters");
			}
			this.store.append(userId, document.version() + 1, author, Splice.between(current, next), current.length);
			this.users.update(userId, "", UserPatch.empty().withBio(new String(next, 0, next.length)), author);
			this.tail.wakeAfterCommit();
			return Optional.<String>empty();
		});
	}

	private EditStore.Document snapshot(UUID userId) {
		return this.transactions.execute((tx) -> this.store.lockDocument(userId))
			.orElseThrow(() -> ApiException.userNotFound(userId.toString()));
	}

	/** One CollaborativeEdit stream: joins one user's bio, then sends edits to it. */
	private final class Editor implements StreamObserver<CollaborativeEditRequest> {

		private final ServerCallStreamObserver<CollaborativeEditResponse> out;

		private final String author;

		private final TailedStream<EditRow, CollaborativeEditResponse> delivery;

		private volatile UUID document;

		private boolean failed;

		Editor(ServerCallStreamObserver<CollaborativeEditResponse> out, String author) {
			this.out = out;
			this.author = author;
			int maxLag = CollaborativeEditService.this.properties.maxLag();
			this.delivery = new TailedStream<>(CollaborativeEditService.this.tail, out, 0, this::applied,
					CollaborativeEditService.this.streamExecutor, maxLag,
					() -> ApiException.tooFarBehind("editor", maxLag, "edits"))
				.attach();
		}

		private Optional<CollaborativeEditResponse> applied(EditRow row) {
			if (!row.userId().equals(this.document)) {
				return Optional.empty();
			}
			return Optional.of(CollaborativeEditResponse.newBuilder()
				.setApplied(AppliedEdit.newBuilder()
					.setVersion(row.version())
					.setAuthor(row.author())
					.setPosition(row.splice().position())
					.setDeleteCount(row.splice().deleteCount())
					.setInsertText(row.splice().insertText()))
				.build());
		}

		@Override
		public void onNext(CollaborativeEditRequest request) {
			if (this.failed) {
				return;
			}
			try {
				CollaborativeEditService.this.validator.validate(request);
				if (request.hasJoin()) {
					join(UUID.fromString(request.getJoin().getUserId()));
				}
				else if (this.document == null) {
					throw ApiException.invalid("join", "join a document before editing it");
				}
				else {
					CollaborativeEditService.this.apply(this.document, request.getEdit(), this.author)
						.ifPresent((reason) -> this.delivery.sendOutOfBand(CollaborativeEditResponse.newBuilder()
							.setRejected(RejectedEdit.newBuilder().setReason(reason))
							.build()));
				}
			}
			catch (RuntimeException failure) {
				this.failed = true;
				this.delivery.end(failure);
			}
		}

		private void join(UUID userId) {
			if (this.document != null) {
				throw ApiException.invalid("join", "this stream already joined a document");
			}
			EditStore.Document snapshot = snapshot(userId);
			this.document = userId;
			// Sent before delivery starts, so it is the first message and nothing races
			// it.
			this.out.onNext(CollaborativeEditResponse.newBuilder()
				.setSnapshot(EditSnapshot.newBuilder().setVersion(snapshot.version()).setText(snapshot.text()))
				.build());
			this.delivery.startAt(snapshot.seq());
		}

		@Override
		public void onError(Throwable clientGone) {
			// TailedStream's cancel handler has already let go of the feed.
		}

		@Override
		public void onCompleted() {
			if (!this.failed) {
				this.delivery.finish();
			}
		}

	}

}
