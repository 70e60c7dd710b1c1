package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Races that a read-before-write alone would lose; the database and optimistic locking decide. */
abstract class AbstractConcurrentWriteTests extends AbstractGrpcIntegrationTests {

	private static final int CALLERS = 20;

	@Test
	void parallelUpdatesWithTheSameEtagLetExactlyOneWin() throws Exception {
		User user = this.users
			.createUser(CreateUserRequest.newBuilder().setEmail(uniqueEmail()).setName("Race").build())
			.getUser();

		Map<Status.Code, Long> outcomes = race((caller) -> () -> this.users
			.updateUser(UpdateUserRequest.newBuilder()
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

		assertThat(outcomes).containsEntry(Status.Code.OK, 1L)
			.containsEntry(Status.Code.ALREADY_EXISTS, CALLERS - 1L);
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

	/** Releases {@link #CALLERS} calls at once and counts how they ended. */
	private Map<Status.Code, Long> race(Function<Integer, Callable<?>> callFor) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Status.Code>> results = new ArrayList<>();
			for (int caller = 0; caller < CALLERS; caller++) {
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
				codes.add(result.get(60, TimeUnit.SECONDS));
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
