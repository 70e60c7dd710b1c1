package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.TestJwtIssuer;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that a read-before-write alone would lose; the database and optimistic locking
 * decide.
 */
abstract class AbstractConcurrentWriteTests extends AbstractGrpcIntegrationTests {

	private static final int CALLERS = 20;

	@Test
	void parallelUpdatesWithTheSameEtagLetExactlyOneWin() throws Exception {
		User user = this.users
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setName("Race").build())
			.getUser();

		Map<Status.Code, Long> outcomes = race((caller) -> () -> this.users.updateUser(UpdateUserRequest.newBuilder()
			.setUser(user.toBuilder().setName("Winner " + caller))
			.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
			.build()));

		assertThat(outcomes).containsEntry(Status.Code.OK, 1L).containsEntry(Status.Code.ABORTED, CALLERS - 1L);
		User stored = this.users.getUser(GetUserRequest.newBuilder().setId(user.getId()).build()).getUser();
		assertThat(stored.getName()).startsWith("Winner ");
		assertThat(this.jdbc.queryForObject("select count(*) from user_changes where user_id = ?", Integer.class,
				UUID.fromString(user.getId())))
			.as("one create, one update")
			.isEqualTo(2);
	}

	@Test
	void parallelCreatesWithTheSameEmailCreateExactlyOneUser() throws Exception {
		String email = uniqueEmail();

		Map<Status.Code, Long> outcomes = race((caller) -> () -> this.users
			.createUser(CreateUserRequest.newBuilder().setEmail(email).setName("Caller " + caller).build()));

		assertThat(outcomes).containsEntry(Status.Code.OK, 1L).containsEntry(Status.Code.ALREADY_EXISTS, CALLERS - 1L);
		assertThat(this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email))
			.isEqualTo(1);
	}

	@Test
	void parallelCreatesWithTheSameRequestIdAllReturnTheSameUser() throws Exception {
		String requestId = UUID.randomUUID().toString();
		String email = uniqueEmail();
		List<String> ids = new ArrayList<>();

		Map<Status.Code, Long> outcomes = race((caller) -> () -> {
			String id = this.users
				.createUser(
						CreateUserRequest.newBuilder().setEmail(email).setName("Retry").setRequestId(requestId).build())
				.getUser()
				.getId();
			synchronized (ids) {
				ids.add(id);
			}
			return id;
		});

		assertThat(outcomes).containsEntry(Status.Code.OK, (long) CALLERS);
		assertThat(ids).hasSize(CALLERS).containsOnly(ids.get(0));
		assertThat(this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email))
			.isEqualTo(1);
	}

	@Test
	void manyWritersWithoutAnEtagOnOneUserAllSucceedAndEveryEtagTheyGotWasReal() throws Exception {
		User user = this.users.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setName("Hot").build())
			.getUser();
		int writers = 24;
		int writesEach = 40;
		Set<String> etagsAnswered = ConcurrentHashMap.newKeySet();

		Map<Status.Code, Long> outcomes = race(writers, (writer) -> () -> {
			for (int write = 0; write < writesEach; write++) {
				etagsAnswered.add(this.users.updateUser(UpdateUserRequest.newBuilder()
					.setUser(User.newBuilder().setId(user.getId()).setName("Writer " + writer + " #" + write))
					.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
					.build()).getUser().getEtag());
			}
			return null;
		});

		assertThat(outcomes).as("no writer without an etag is refused").containsOnlyKeys(Status.Code.OK);
		assertThat(etagsAnswered).as("each write got an etag of its own").hasSize(writers * writesEach);
		assertThat(updatedEtagsInTheChangeFeed(user.getId()))
			.as("every etag answered is a version that was stored, in the feed once each")
			.containsExactlyInAnyOrderElementsOf(etagsAnswered);
		User stored = this.users.getUser(GetUserRequest.newBuilder().setId(user.getId()).build()).getUser();
		assertThat(stored.getName()).matches("Writer \\d+ #" + (writesEach - 1));
		assertThat(etagsAnswered).contains(stored.getEtag());
	}

	@Test
	void aDeleteWithoutAnEtagAmongWritersSucceedsAndTheWritersSeeOnlySuccessOrNotFound() throws Exception {
		User user = this.users
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setName("Doomed").build())
			.getUser();

		Map<Status.Code, Long> outcomes = race(CALLERS, (caller) -> () -> {
			if (caller == CALLERS / 2) {
				return this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());
			}
			return this.users.updateUser(UpdateUserRequest.newBuilder()
				.setUser(User.newBuilder().setId(user.getId()).setName("Writer " + caller))
				.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
				.build());
		});

		assertThat(outcomes).containsOnlyKeys(Status.Code.OK, Status.Code.NOT_FOUND);
		assertThat(this.jdbc.queryForObject("select count(*) from users where id = ? and delete_time is not null",
				Integer.class, UUID.fromString(user.getId())))
			.as("soft-deleted")
			.isOne();
	}

	@Test
	void parallelCreateUsersStreamsAreNeverRefusedForRunningTogether() throws Exception {
		int streams = 8;
		int usersEach = 300;
		String batch = UUID.randomUUID().toString();
		UserServiceGrpc.UserServiceStub async = UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS);

		Map<Status.Code, Long> outcomes = race(streams, (stream) -> () -> {
			try {
				return ClientStreams.send(async::createUsers,
						IntStream.range(0, usersEach)
							.mapToObj((i) -> CreateUsersRequest.newBuilder()
								.setUser(CreateUserRequest.newBuilder()
									.setEmail("bulk-" + batch + "-" + stream + "-" + i + "@example.com")
									.setName("Bulk " + i))
								.build())
							.iterator(),
						60);
			}
			catch (StatusRuntimeException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		});

		assertThat(outcomes).containsOnlyKeys(Status.Code.OK);
		assertThat(this.jdbc.queryForObject("select count(*) from users where email like ?", Integer.class,
				"bulk-" + batch + "-%"))
			.isEqualTo(streams * usersEach);
	}

	private List<String> updatedEtagsInTheChangeFeed(String userId) {
		return this.jdbc.query("select user_snapshot from user_changes where user_id = ? and change_type = 'UPDATED'",
				(row, i) -> parseUser(row.getBytes(1)).getEtag(), UUID.fromString(userId));
	}

	private static User parseUser(byte[] bytes) {
		try {
			return User.parseFrom(bytes);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<Status.Code, Long> race(Function<Integer, Callable<?>> callFor) throws Exception {
		return race(CALLERS, callFor);
	}

	/** Releases {@code callers} calls at once and counts how they ended. */
	private Map<Status.Code, Long> race(int callers, Function<Integer, Callable<?>> callFor) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Status.Code>> results = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				Callable<?> call = callFor.apply(caller);
				results.add(pool.submit(() -> {
					start.await();
					try {
						call.call();
						return Status.Code.OK;
					}
					catch (StatusRuntimeException ex) {
						return ex.getStatus().getCode();
					}
				}));
			}
			start.countDown();
			List<Status.Code> codes = new ArrayList<>();
			for (Future<Status.Code> result : results) {
				codes.add(result.get(120, TimeUnit.SECONDS));
			}
			return codes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String uniqueEmail() {
		return "race-" + UUID.randomUUID() + "@example.com";
	}

}
