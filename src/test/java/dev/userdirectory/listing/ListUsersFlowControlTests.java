package dev.userdirectory.listing;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ListUsers under the conditions streams meet: a client that reads slowly makes the
 * server wait instead of reading the page ahead, and a client that goes away stops the
 * database work. Progress is read from the service's own users.list.rows.fetched counter.
 */
@OnH2
class ListUsersFlowControlTests extends AbstractGrpcIntegrationTests {

	private static final int USERS = 1000;

	private static final String TAG = "flow-" + UUID.randomUUID().toString().substring(0, 8);

	private static boolean created;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void createLargeUsers() {
		if (created) {
			return;
		}
		// About 3 KB per message, so the transport's flow-control window holds a few
		// dozen at most.
		String bio = "b".repeat(3000);
		for (int i = 0; i < USERS; i++) {
			this.users.createUser(CreateUserRequest.newBuilder()
				.setEmail(TAG + "-" + i + "@example.com")
				.setName("Flow " + i)
				.addTags(TAG)
				.setProfile(Profile.newBuilder().setBio(bio))
				.build());
		}
		created = true;
	}

	private double rowsFetched() {
		return this.meters.get("users.list.rows.fetched").counter().count();
	}

	@Test
	void aSlowReaderMakesTheServerWaitAndACancelStopsIt() throws Exception {
		double before = rowsFetched();
		AtomicInteger received = new AtomicInteger();
		AtomicReference<ClientCallStreamObserver<ListUsersRequest>> call = new AtomicReference<>();
		CountDownLatch closed = new CountDownLatch(1);
		// A fixed 64 KiB window (no auto-tuning), so the transport cannot absorb the page
		// either.
		ManagedChannel smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort)
			.usePlaintext()
			.flowControlWindow(64 * 1024)
			.build();
		UserServiceGrpc.newStub(smallWindow)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.listUsers(ListUsersRequest.newBuilder().setPageSize(USERS).setFilter("tag = \"" + TAG + "\"").build(),
					new ClientResponseObserver<ListUsersRequest, ListUsersResponse>() {
						@Override
						public void beforeStart(ClientCallStreamObserver<ListUsersRequest> requestStream) {
							call.set(requestStream);
							requestStream.disableAutoRequestWithInitial(1);
						}

						@Override
						public void onNext(ListUsersResponse value) {
							received.incrementAndGet();
						}

						@Override
						public void onError(Throwable t) {
							closed.countDown();
						}

						@Override
						public void onCompleted() {
							closed.countDown();
						}
					});

		await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);
		Thread.sleep(1000);
		double whileStalled = rowsFetched() - before;
		assertThat(whileStalled).as("users read while the client has read one")
			.isGreaterThan(0)
			.isLessThanOrEqualTo(200 + 100);

		call.get().cancel("the client goes away", null);
		assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(500);

		assertThat(rowsFetched() - before).as("no database work after the cancel").isEqualTo(whileStalled);
		smallWindow.shutdownNow();
	}

	@Test
	void aDeadlineCutsAStalledPageAndStopsTheQueries() throws Exception {
		double before = rowsFetched();
		ManagedChannel smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort)
			.usePlaintext()
			.flowControlWindow(64 * 1024)
			.build();
		var page = new dev.userdirectory.support.StreamRecorder<ListUsersRequest, ListUsersResponse>(1);
		UserServiceGrpc.newStub(smallWindow)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
			.listUsers(ListUsersRequest.newBuilder().setPageSize(USERS).setFilter("tag = \"" + TAG + "\"").build(),
					page);
		page.take(1, Duration.ofSeconds(10));
		Thread.sleep(2500);
		page.request(Integer.MAX_VALUE);

		await().atMost(Duration.ofSeconds(10)).until(() -> page.closedWith() != null);
		assertThat(page.closedWith().getCode()).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
		double atTheEnd = rowsFetched() - before;
		Thread.sleep(500);
		assertThat(rowsFetched() - before).isEqualTo(atTheEnd).isLessThan(USERS);
		smallWindow.shutdownNow();
	}

	@Test
	void aReaderThatKeepsUpGetsTheWholePage() {
		double before = rowsFetched();
		var page = this.users
			.listUsers(ListUsersRequest.newBuilder().setPageSize(USERS).setFilter("tag = \"" + TAG + "\"").build());
		int count = 0;
		while (page.hasNext()) {
			page.next();
			count++;
		}
		assertThat(count).isEqualTo(USERS);
		assertThat(rowsFetched() - before).as("each user read once, plus the look-ahead row").isEqualTo(USERS);
	}

}
