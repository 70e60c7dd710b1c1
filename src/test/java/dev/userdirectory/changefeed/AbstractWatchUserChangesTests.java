package dev.userdirectory.changefeed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.google.protobuf.FieldMask;
import com.zaxxer.hikari.HikariDataSource;
import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WatchUserChanges over the wire: live changes, resumption, and the tokens it refuses.
 */
abstract class AbstractWatchUserChangesTests extends AbstractGrpcIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	ResumeTokens tokens;

	@Autowired
	ChangeFeedRetention retention;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource dataSource;

	StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> watch(String resumeToken) {
		StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> recorder = new StreamRecorder<>();
		watchInto(resumeToken, recorder);
		return recorder;
	}

	void watchInto(String resumeToken, StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> recorder) {
		UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.watchUserChanges(WatchUserChangesRequest.newBuilder().setResumeToken(resumeToken).build(), recorder);
	}

	/**
	 * A watch from now, once the service has registered it: later changes all reach it.
	 */
	StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> watchFromNow() throws InterruptedException {
		double before = this.meters.get("users.watch.active").gauge().value();
		StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> recorder = watch("");
		await().atMost(WAIT).until(() -> this.meters.get("users.watch.active").gauge().value() >= before + 1);
		return recorder;
	}

	User create(String name) {
		return this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail("watch-" + UUID.randomUUID() + "@example.com")
				.setName(name)
				.build())
			.getUser();
	}

	User rename(User user, String name) {
		return this.users
			.updateUser(UpdateUserRequest.newBuilder()
				.setUser(User.newBuilder().setId(user.getId()).setName(name))
				.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
				.build())
			.getUser();
	}

	@Test
	void deliversEveryChangeInCommitOrder() throws Exception {
		var watcher = watchFromNow();

		User created = create("Watched");
		User renamed = rename(created, "Renamed");
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(created.getId()).build());

		List<WatchUserChangesResponse> events = watcher.take(3, WAIT);
		assertThat(events).extracting(WatchUserChangesResponse::getChangeType)
			.containsExactly(ChangeType.CHANGE_TYPE_CREATED, ChangeType.CHANGE_TYPE_UPDATED,
					ChangeType.CHANGE_TYPE_DELETED);
		assertThat(events.get(0).getUser()).isEqualTo(created);
		assertThat(events.get(1).getUser()).isEqualTo(renamed);
		assertThat(events.get(2).getUser()).as("as it was").isEqualTo(renamed);
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getResumeToken()).isNotEmpty();
			assertThat(Instant.ofEpochSecond(event.getChangeTime().getSeconds()))
				.isAfter(Instant.now().minusSeconds(60));
		});
		watcher.cancel();
	}

	@Test
	void resumingReplaysEveryLaterChangeInOrder() throws Exception {
		var watcher = watchFromNow();
		User user = create("Resume 0");
		for (int i = 1; i <= 4; i++) {
			rename(user, "Resume " + i);
		}
		List<WatchUserChangesResponse> seen = watcher.take(5, WAIT);
		watcher.cancel();

		var resumed = watch(seen.get(1).getResumeToken());

		List<WatchUserChangesResponse> replayed = resumed.take(3, WAIT);
		assertThat(replayed).containsExactlyElementsOf(seen.subList(2, 5));
		User later = rename(user, "Live");
		assertThat(resumed.take(1, WAIT).get(0).getUser()).isEqualTo(later);
		resumed.cancel();
	}

	@Test
	void refusesATokenItNeverIssued() throws Exception {
		var garbage = watch("bm90LWEtdG9rZW4");
		await().atMost(WAIT).until(() -> garbage.closedWith() != null);
		assertThat(garbage.closedWith().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

		var future = watch(this.tokens.encode(Long.MAX_VALUE / 2));
		await().atMost(WAIT).until(() -> future.closedWith() != null);
		assertThat(future.closedWith().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void aTokenOlderThanRetentionIsOutOfRange() throws Exception {
		var watcher = watchFromNow();
		User user = create("Expiring");
		String oldToken = watcher.take(1, WAIT).get(0).getResumeToken();
		rename(user, "Later");
		watcher.cancel();

		this.retention.pruneOlderThan(Instant.now().plusSeconds(1));

		var expired = watch(oldToken);
		await().atMost(WAIT).until(() -> expired.closedWith() != null);
		assertThat(expired.closedWith().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
	}

	@Test
	void aCancelledWatchLeavesNothingBehind() throws Exception {
		double before = this.meters.get("users.watch.active").gauge().value();
		var watcher = watchFromNow();
		assertThat(this.meters.get("users.watch.active").gauge().value()).isEqualTo(before + 1);

		watcher.cancel();

		await().atMost(WAIT).until(() -> this.meters.get("users.watch.active").gauge().value() == before);
	}

	@Test
	void aWatcherHearsOfACommitWhileEveryPooledConnectionIsHeld() throws Exception {
		StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> watcher = watchFromNow();
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		UUID id = UUID.randomUUID();
		List<Connection> held = new ArrayList<>();
		try {
			// As under a write overload: every pooled connection held by a writer.
			for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
				held.add(pool.getConnection());
			}
			Connection writer = held.get(0);
			writer.setAutoCommit(false);
			try (Statement lock = writer.createStatement()) {
				lock.execute("select id from change_feed_state where id = 1 for update");
			}
			try (PreparedStatement change = writer.prepareStatement(
					"insert into user_changes (user_id, change_type, user_snapshot, changed_at) values (?, 'CREATED', ?, ?)")) {
				change.setObject(1, id);
				change.setBytes(2, User.newBuilder().setId(id.toString()).setName("Held").build().toByteArray());
				change.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
				change.executeUpdate();
			}
			writer.commit();
			// Still holding them all: the tail polls on connections of its own.
			WatchUserChangesResponse event = watcher.take(1, WAIT).get(0);
			assertThat(event.getUser().getId()).isEqualTo(id.toString());
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(pool.getMaximumPoolSize());
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

	@Test
	void theTailsConnectionsAreMeteredBesideTheServicePool() {
		assertThat(this.meters.get("hikaricp.connections.max").tag("pool", "users-tails").gauge().value()).isEqualTo(3);
	}

}
