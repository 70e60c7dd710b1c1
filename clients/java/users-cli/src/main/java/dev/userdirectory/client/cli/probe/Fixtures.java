package dev.userdirectory.client.cli.probe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The users a run creates, and their removal afterwards. Every one of them carries the
 * run tag, and the run remembers the id of every user it saw created; cleanup deletes
 * those, then deletes whatever ListUsers still finds under the run tag (a create whose
 * answer was lost), so the run touches nothing but its own users.
 */
final class Fixtures {

	/**
	 * Calls in flight while the probe creates or deletes fixtures outside the
	 * measurement.
	 */
	private static final int IN_FLIGHT = 16;

	/** The most users one ListUsers page (and one CreateUsers response) holds. */
	private static final int MAX_PAGE = 1000;

	private final ProbeContext probe;

	private final Set<String> created = ConcurrentHashMap.newKeySet();

	Fixtures(ProbeContext probe) {
		this.probe = probe;
	}

	/** Remembers a user the run created, to delete it afterwards. */
	void created(String id) {
		this.created.add(id);
	}

	/** Forgets a user the run has deleted. */
	void deleted(String id) {
		this.created.remove(id);
	}

	/**
	 * Creates {@code count} users with CreateUser, {@value #IN_FLIGHT} at a time, and
	 * waits for them.
	 * @throws StatusRuntimeException the first failure
	 */
	List<User> users(int count, String kind, String... extraTags) {
		List<User> users = inParallel(count, (i) -> this.probe.future().createUser(this.probe.newUser(kind, extraTags)),
				(response) -> response.getUser());
		users.forEach((user) -> created(user.getId()));
		return users;
	}

	/**
	 * Creates {@code count} (at most 1000) users in one CreateUsers call, without
	 * waiting.
	 */
	CompletableFuture<List<String>> stock(int count, String kind) {
		CompletableFuture<List<String>> ids = new CompletableFuture<>();
		StreamObserver<CreateUsersRequest> requests = this.probe.async()
			.createUsers(new StreamObserver<CreateUsersResponse>() {
				@Override
				public void onNext(CreateUsersResponse response) {
					List<String> created = response.getUsersList().stream().map(User::getId).toList();
					created.forEach(Fixtures.this::created);
					if (created.size() != count) {
						ids.completeExceptionally(Status.INTERNAL
							.withDescription("CreateUsers answered with " + created.size() + " of " + count + " users")
							.asRuntimeException());
					}
					ids.complete(created);
				}

				@Override
				public void onError(Throwable failure) {
					ids.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
					ids.completeExceptionally(
							Status.INTERNAL.withDescription("CreateUsers completed without a response")
								.asRuntimeException());
				}
			});
		for (int i = 0; i < count; i++) {
			requests.onNext(CreateUsersRequest.newBuilder().setUser(this.probe.newUser(kind)).build());
		}
		requests.onCompleted();
		return ids;
	}

	/** Deletes every user the run created; never throws, says what it did. */
	Cleanup cleanup() {
		AtomicLong deleted = new AtomicLong();
		try {
			deleteAll(List.copyOf(this.created), deleted);
			// Users whose create answer never arrived (a deadline, a lost connection) are
			// only
			// known by their tag.
			for (int round = 0; round < 1000; round++) {
				List<String> stragglers = listTagged(MAX_PAGE);
				if (stragglers.isEmpty()) {
					return new Cleanup(deleted.get(), 0, null);
				}
				deleteAll(stragglers, deleted);
			}
			return new Cleanup(deleted.get(), this.created.size(),
					"users tagged " + this.probe.runTag + " kept reappearing; is another run using the same tag?");
		}
		catch (StatusRuntimeException failure) {
			return new Cleanup(deleted.get(), this.created.size(),
					failure.getStatus().getCode() + ": " + failure.getStatus().getDescription());
		}
	}

	private List<String> listTagged(int pageSize) {
		List<String> ids = new ArrayList<>();
		// The async stub's channel carries the extra headers, and the channel gives the
		// deadline.
		Iterator<ListUsersResponse> page = UserServiceGrpc.newBlockingStub(this.probe.async().getChannel())
			.listUsers(ListUsersRequest.newBuilder()
				.setFilter("tag = \"" + this.probe.runTag + "\"")
				.setPageSize(pageSize)
				.build());
		page.forEachRemaining((response) -> ids.add(response.getUser().getId()));
		return ids;
	}

	private void deleteAll(Collection<String> ids, AtomicLong deleted) {
		List<String> list = List.copyOf(ids);
		inParallel(list.size(), (i) -> {
			String id = list.get(i);
			return Futures.catching(Futures.transform(
					this.probe.future().deleteUser(DeleteUserRequest.newBuilder().setId(id).build()), (response) -> {
						deleted.incrementAndGet();
						deleted(id);
						return id;
					}, MoreExecutors.directExecutor()), StatusRuntimeException.class, (failure) -> {
						if (failure.getStatus().getCode() != Status.Code.NOT_FOUND) {
							throw failure;
						}
						deleted(id);
						return id;
					}, MoreExecutors.directExecutor());
		}, Function.identity());
	}

	/**
	 * Makes {@code count} calls, at most {@value #IN_FLIGHT} at a time, and waits for all
	 * of them.
	 * @throws StatusRuntimeException the first failure (the calls in flight still finish)
	 */
	private <T, R> List<R> inParallel(int count, java.util.function.IntFunction<ListenableFuture<T>> call,
			Function<T, R> result) {
		Semaphore slots = new Semaphore(IN_FLIGHT);
		List<ListenableFuture<T>> calls = new ArrayList<>(count);
		AtomicReference<Throwable> firstFailure = new AtomicReference<>();
		try {
			for (int i = 0; i < count && firstFailure.get() == null; i++) {
				slots.acquire();
				ListenableFuture<T> future = call.apply(i);
				Futures.addCallback(future, new FutureCallback<T>() {
					@Override
					public void onSuccess(T value) {
						slots.release();
					}

					@Override
					public void onFailure(Throwable failure) {
						firstFailure.compareAndSet(null, failure);
						slots.release();
					}
				}, MoreExecutors.directExecutor());
				calls.add(future);
			}
			slots.acquire(IN_FLIGHT);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
		}
		if (firstFailure.get() != null) {
			throw asStatusException(firstFailure.get());
		}
		List<R> results = new ArrayList<>(count);
		for (ListenableFuture<T> future : calls) {
			try {
				results.add(result.apply(future.get()));
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
			}
			catch (ExecutionException failed) {
				throw asStatusException(failed.getCause());
			}
		}
		return results;
	}

	static StatusRuntimeException asStatusException(Throwable failure) {
		Throwable cause = (failure instanceof ExecutionException
				|| failure instanceof java.util.concurrent.CompletionException) && failure.getCause() != null
						? failure.getCause() : failure;
		return (cause instanceof StatusRuntimeException status) ? status
				: Status.fromThrowable(cause).asRuntimeException();
	}

	/**
	 * What cleanup did.
	 *
	 * @param deleted users deleted
	 * @param left users the run created that may still exist (when cleanup failed)
	 * @param error why cleanup stopped, or {@code null}
	 */
	record Cleanup(long deleted, long left, String error) {
	}

}
