package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.StreamObserver;

/**
 * One CreateUsers stream: each item is checked as it arrives (so a bad item fails the
 * call at once, naming its index) and handed on in chunks to the stream's
 * {@link BulkCreateSession}, which writes them all in one transaction, committed when the
 * client half-closes. The session may end the call from its writer thread (a stored
 * duplicate, a stalled client), so every method that touches the response is
 * synchronized.
 */
class CreateUsersCall implements StreamObserver<CreateUsersRequest> {

	private final StreamObserver<CreateUsersResponse> response;

	private final BulkCreateWriters writers;

	private final UserMapper mapper;

	private final ProtoValidator validator;

	private final BulkCreateProperties limits;

	private final BulkCreate batch = new BulkCreate();

	private final BulkCreateSession session;

	private List<BulkCreateSession.Item> chunk = new ArrayList<>();

	/**
	 * The call is over for the service: it failed, was answered, or the client went away.
	 */
	private boolean ended;

	CreateUsersCall(StreamObserver<CreateUsersResponse> response, BulkCreateWriters writers, UserMapper mapper,
			ProtoValidator validator, BulkCreateProperties limits, String actor) {
		this.response = response;
		this.writers = writers;
		this.mapper = mapper;
		this.validator = validator;
		this.limits = limits;
		this.session = writers.open(actor);
		this.session.outcome().whenComplete(this::writesEnded);
	}

	@Override
	public synchronized void onNext(CreateUsersRequest item) {
		if (this.ended) {
			return;
		}
		this.session.itemArrived();
		try {
			int index = this.batch.size();
			if (index == this.limits.maxItems()) {
				throw new ApiException(ErrorReason.TOO_LARGE,
						"a CreateUsers stream may carry at most " + this.limits.maxItems()
								+ " users; nothing was created",
						Map.of("max_items", Integer.toString(this.limits.maxItems())), List.of());
			}
			String prefix = "users[" + index + "]";
			if (!item.hasUser()) {
				throw ApiException.invalid(prefix, "value is required");
			}
			CreateUserRequest user = item.getUser();
			CreateUserRequest normalized = user.toBuilder().setEmail(NewUser.normalizeEmail(user.getEmail())).build();
			this.validator.validate(normalized, prefix);
			NewUser newUser = this.mapper.toNewUser(normalized);
			this.batch.add(newUser, user.getRequestId());
			this.chunk.add(new BulkCreateSession.Item(newUser, user.getRequestId()));
			if (this.chunk.size() == this.limits.chunkSize()) {
				this.session.append(this.chunk);
				this.chunk = new ArrayList<>();
			}
		}
		catch (RuntimeException failure) {
			fail(failure);
		}
	}

	@Override
	public synchronized void onError(Throwable clientGone) {
		// Cancelled or broken: whatever was written is rolled back, and the items are let
		// go.
		end();
	}

	@Override
	public synchronized void onCompleted() {
		if (this.ended) {
			return;
		}
		List<BulkCreateSession.Item> lastItems = this.chunk;
		this.chunk = List.of();
		this.session.finish(lastItems);
	}

	private synchronized void writesEnded(BulkCreateSession.Created created, Throwable failure) {
		if (this.ended) {
			return;
		}
		if (failure != null) {
			fail(failure);
			return;
		}
		this.ended = true;
		CreateUsersResponse.Builder reply = CreateUsersResponse.newBuilder().setCreatedCount(created.count());
		created.users().forEach((user) -> reply.addUsers(this.mapper.toProto(user)));
		this.response.onNext(reply.build());
		this.response.onCompleted();
	}

	private void fail(Throwable failure) {
		end();
		this.response.onError(this.writers.explain(failure, this.batch));
	}

	private void end() {
		this.ended = true;
		this.chunk = List.of();
		this.session.abort();
	}

}
