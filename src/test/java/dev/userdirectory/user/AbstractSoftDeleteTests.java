package dev.userdirectory.user;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.User;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Soft delete (AIP-164) over the wire: DeleteUser hides a user, show_deleted and
 * UndeleteUser bring it back, and the purge removes it for good once its retention has
 * ended, on one replica or several at once.
 */
abstract class AbstractSoftDeleteTests extends AbstractUserTests {

	private static final Duration RETENTION = Duration.ofDays(30);

	@Autowired
	UserPurge purge;

	@Autowired
	PlatformTransactionManager transactionManager;

	User delete(User user) {
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());
		return getDeleted(user.getId());
	}

	User getDeleted(String id) {
		return this.users.getUser(GetUserRequest.newBuilder().setId(id).setShowDeleted(true).build()).getUser();
	}

	User undelete(User user) {
		return this.users.undeleteUser(UndeleteUserRequest.newBuilder().setId(user.getId()).build()).getUser();
	}

	List<String> changeTypes(String userId) {
		return this.jdbc.queryForList("select change_type from user_changes where user_id = ? order by seq",
				String.class, UUID.fromString(userId));
	}

	/** Runs the purge as if the retention of every user deleted now had ended. */
	int purgeAfterRetention() {
		return this.purge.purgeDueAt(Instant.now().plus(RETENTION).plusSeconds(60));
	}

	@Test
	void showDeletedReturnsADeletedUserWithItsDeleteAndPurgeTimes() {
		Instant before = Instant.now();
		User user = create(validCreate());

		User deleted = delete(user);

		assertThat(instant(deleted.getDeleteTime())).isBetween(before.minusSeconds(1), Instant.now());
		assertThat(Duration.between(instant(deleted.getDeleteTime()), instant(deleted.getPurgeTime())))
			.isEqualTo(RETENTION);
		assertThat(deleted.getEtag()).as("a delete is a write").isNotEqualTo(user.getEtag());
		assertThat(get(create(validCreate()).getId()).hasDeleteTime()).as("only deleted users carry it").isFalse();
	}

	@Test
	void aDeletedUserCannotBeUpdatedOrDeletedAgain() {
		User user = create(validCreate());
		delete(user);

		assertFails(Code.NOT_FOUND, () -> update(user.toBuilder().setAge(40).build(), "age"))
			.hasReason("USER_NOT_FOUND");
		assertFails(Code.NOT_FOUND,
				() -> this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build()));
		assertThat(getDeleted(user.getId()).getAge()).isEqualTo(user.getAge());
	}

	@Test
	void undeleteRestoresTheUserAndReportsItOnTheChangeFeed() {
		User user = create(validCreate().setExternalId("hr-" + UUID.randomUUID()));
		delete(user);

		User restored = undelete(user);

		assertThat(restored.hasDeleteTime()).isFalse();
		assertThat(restored.hasPurgeTime()).isFalse();
		assertThat(get(user.getId())).isEqualTo(restored);
		assertThat(restored.getExternalId()).isEqualTo(user.getExternalId());
		assertThat(changeTypes(user.getId())).containsExactly("CREATED", "DELETED", "UNDELETED");
	}

	@Test
	void undeleteOfAUserThatIsNotDeletedIsAlreadyExists() {
		User user = create(validCreate());

		assertFails(Code.ALREADY_EXISTS, () -> undelete(user)).hasReason("USER_NOT_DELETED");
		assertFails(Code.NOT_FOUND, () -> undelete(User.newBuilder().setId(UUID.randomUUID().toString()).build()))
			.hasReason("USER_NOT_FOUND");
	}

	@Test
	void undeleteWithAStaleEtagIsAbortedAndKeepsTheUserDeleted() {
		User user = create(validCreate());
		User deleted = delete(user);

		assertFails(Code.ABORTED,
				() -> this.users
					.undeleteUser(UndeleteUserRequest.newBuilder().setId(user.getId()).setEtag(user.getEtag()).build()))
			.hasReason("ETAG_MISMATCH");
		assertThat(getDeleted(user.getId())).isEqualTo(deleted);

		User restored = this.users
			.undeleteUser(UndeleteUserRequest.newBuilder().setId(user.getId()).setEtag(deleted.getEtag()).build())
			.getUser();
		assertThat(restored.hasDeleteTime()).isFalse();
	}

	@Test
	void aDeletedUsersExternalIdStaysReservedUntilThePurgeFreesIt() {
		String externalId = "hr-" + UUID.randomUUID();
		User user = create(validCreate().setExternalId(externalId));
		delete(user);

		assertFails(Code.ALREADY_EXISTS, () -> create(validCreate().setExternalId(externalId)))
			.hasReason("EXTERNAL_ID_TAKEN");
		assertFails(Code.ALREADY_EXISTS, () -> create(validCreate().setEmail(user.getEmail())))
			.hasReason("EMAIL_ALREADY_EXISTS");

		purgeAfterRetention();

		User again = create(validCreate().setEmail(user.getEmail()).setExternalId(externalId));
		assertThat(again.getId()).isNotEqualTo(user.getId());
	}

	@Test
	void thePurgeRemovesTheUserAndItsTagsForGoodAndReportsIt() {
		User user = create(validCreate());
		delete(user);
		User kept = create(validCreate());
		delete(kept);
		undelete(kept);

		assertThat(purgeAfterRetention()).isPositive();

		assertFails(Code.NOT_FOUND, () -> getDeleted(user.getId()));
		assertFails(Code.NOT_FOUND, () -> undelete(user)).hasReason("USER_NOT_FOUND");
		assertThat(this.jdbc.queryForObject("select count(*) from user_tags where user_id = ?", Integer.class,
				UUID.fromString(user.getId())))
			.isZero();
		assertThat(changeTypes(user.getId())).containsExactly("CREATED", "DELETED", "PURGED");
		assertThat(get(kept.getId()).getId()).as("an undeleted user is not purged").isEqualTo(kept.getId());
	}

	@Test
	void aPurgeBeforeTheRetentionEndsRemovesNothing() {
		User user = create(validCreate());
		delete(user);

		this.purge.purgeDueAt(Instant.now().plus(RETENTION).minusSeconds(60));

		assertThat(getDeleted(user.getId()).getId()).isEqualTo(user.getId());
	}

	@Test
	void aPurgeThatFailsMidwayLeavesEveryUserAndNoPurgedChange() {
		User user = create(validCreate());
		delete(user);
		TransactionTemplate dyingReplica = new TransactionTemplate(this.transactionManager);

		assertThatThrownBy(() -> dyingReplica.executeWithoutResult((tx) -> {
			purgeAfterRetention();
			throw new IllegalStateException("the replica died before its purge committed");
		})).isInstanceOf(IllegalStateException.class);

		assertThat(getDeleted(user.getId()).getId()).isEqualTo(user.getId());
		assertThat(changeTypes(user.getId())).containsExactly("CREATED", "DELETED");
		purgeAfterRetention();
		assertThat(changeTypes(user.getId())).containsExactly("CREATED", "DELETED", "PURGED");
	}

	@Test
	void replicasPurgingAtOnceRemoveEachUserExactlyOnce() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			User user = create(validCreate());
			delete(user);
			ids.add(user.getId());
		}
		ExecutorService replicas = Executors.newFixedThreadPool(3);
		try {
			List<Callable<Integer>> purges = List.of(this::purgeAfterRetention, this::purgeAfterRetention,
					this::purgeAfterRetention);
			int purged = 0;
			for (Future<Integer> result : replicas.invokeAll(purges)) {
				purged += result.get();
			}
			assertThat(purged).isGreaterThanOrEqualTo(ids.size());
		}
		finally {
			replicas.shutdownNow();
		}
		for (String id : ids) {
			assertThat(changeTypes(id)).containsExactly("CREATED", "DELETED", "PURGED");
		}
	}

}
