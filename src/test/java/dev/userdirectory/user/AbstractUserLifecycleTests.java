package dev.userdirectory.user;

import java.util.UUID;

import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** DeactivateUser and ReactivateUser (AIP-136 custom methods) over the wire. */
abstract class AbstractUserLifecycleTests extends AbstractUserTests {

	User deactivate(String id, String etag) {
		return this.users.deactivateUser(DeactivateUserRequest.newBuilder().setId(id).setEtag(etag).build()).getUser();
	}

	User reactivate(String id, String etag) {
		return this.users.reactivateUser(ReactivateUserRequest.newBuilder().setId(id).setEtag(etag).build()).getUser();
	}

	@Test
	void deactivateThenReactivateMovesTheUserBetweenInactiveAndActive() {
		User user = create(validCreate());

		User inactive = deactivate(user.getId(), "");
		assertThat(inactive.getStatus()).isEqualTo(UserStatus.USER_STATUS_INACTIVE);
		assertThat(get(user.getId())).isEqualTo(inactive);
		assertThat(inactive.getEtag()).isNotEqualTo(user.getEtag());

		User active = reactivate(user.getId(), inactive.getEtag());
		assertThat(active.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
		assertThat(active.toBuilder().clearEtag().clearUpdatedAt().clearStatus().build()).as("nothing else changes")
			.isEqualTo(user.toBuilder().clearEtag().clearUpdatedAt().clearStatus().build());
		assertThat(this.jdbc.queryForList("select change_type from user_changes where user_id = ? order by seq",
				String.class, UUID.fromString(user.getId())))
			.containsExactly("CREATED", "UPDATED", "UPDATED");
	}

	@Test
	void aTransitionToTheStatusTheUserHasIsAFailedPrecondition() {
		User user = create(validCreate());

		assertFails(Code.FAILED_PRECONDITION, () -> reactivate(user.getId(), ""))
			.hasReason("INVALID_STATUS_TRANSITION");
		User inactive = deactivate(user.getId(), "");
		assertFails(Code.FAILED_PRECONDITION, () -> deactivate(user.getId(), ""))
			.hasReason("INVALID_STATUS_TRANSITION");
		assertThat(get(user.getId())).as("unchanged by the refused calls").isEqualTo(inactive);
	}

	@Test
	void aSuspendedUserCanBeDeactivatedOrReactivated() {
		User user = update(create(validCreate()).toBuilder().setStatus(UserStatus.USER_STATUS_SUSPENDED).build(),
				"status");

		assertThat(reactivate(user.getId(), user.getEtag()).getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
	}

	@Test
	void aStaleEtagIsAbortedAndChangesNothing() {
		User user = create(validCreate());
		User renamed = update(user.toBuilder().setName("Renamed").build(), "name");

		assertFails(Code.ABORTED, () -> deactivate(user.getId(), user.getEtag())).hasReason("ETAG_MISMATCH");
		assertThat(get(user.getId())).isEqualTo(renamed);
	}

	@Test
	void aMissingOrDeletedUserIsNotFound() {
		assertFails(Code.NOT_FOUND, () -> deactivate(UUID.randomUUID().toString(), "")).hasReason("USER_NOT_FOUND");
		User user = create(validCreate());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());
		assertFails(Code.NOT_FOUND, () -> deactivate(user.getId(), "")).hasReason("USER_NOT_FOUND");
	}

	@Test
	void anInvalidIdIsAnInvalidArgument() {
		assertFails(Code.INVALID_ARGUMENT, () -> deactivate("not-a-uuid", "")).hasViolationsOn("id");
		assertFails(Code.INVALID_ARGUMENT, () -> reactivate("", "")).hasViolationsOn("id");
	}

}
