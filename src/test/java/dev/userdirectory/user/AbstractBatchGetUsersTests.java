package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.User;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** BatchGetUsers (AIP-231) over the wire. */
abstract class AbstractBatchGetUsersTests extends AbstractUserTests {

	List<User> batchGet(List<String> ids) {
		return this.users.batchGetUsers(BatchGetUsersRequest.newBuilder().addAllIds(ids).build()).getUsersList();
	}

	@Test
	void returnsTheUsersInTheOrderAsked() {
		List<User> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create(validCreate().putAnnotations("team", "t" + i)));
		}
		Collections.reverse(created);
		List<String> ids = new ArrayList<>(created.stream().map(User::getId).toList());
		ids.add(created.get(0).getId());

		List<User> users = batchGet(ids);

		List<User> expected = new ArrayList<>(created);
		expected.add(created.get(0));
		assertThat(users).isEqualTo(expected);
		assertThat(users.get(1)).isEqualTo(get(created.get(1).getId()));
	}

	@Test
	void anUnknownOrDeletedIdIsNotFoundNamingItAndReturnsNothing() {
		User known = create(validCreate());
		String unknown = UUID.randomUUID().toString();

		assertThat(
				assertFails(Code.NOT_FOUND, () -> batchGet(List.of(known.getId(), unknown))).hasReason("USER_NOT_FOUND")
					.errorInfo()
					.getMetadataMap())
			.containsEntry("id", unknown);

		User deleted = create(validCreate());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(deleted.getId()).build());
		assertThat(assertFails(Code.NOT_FOUND, () -> batchGet(List.of(deleted.getId(), known.getId()))).errorInfo()
			.getMetadataMap()).containsEntry("id", deleted.getId());
	}

	@Test
	void takesOneToAThousandValidIds() {
		assertFails(Code.INVALID_ARGUMENT, () -> batchGet(List.of())).hasViolationsOn("ids");
		assertFails(Code.INVALID_ARGUMENT, () -> batchGet(List.of("not-a-uuid"))).hasViolationsOn("ids[0]");
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			tooMany.add(UUID.randomUUID().toString());
		}
		assertFails(Code.INVALID_ARGUMENT, () -> batchGet(tooMany)).hasViolationsOn("ids");
	}

	@Test
	void aThousandIdsAreAccepted() {
		User user = create(validCreate());
		List<String> ids = Collections.nCopies(1000, user.getId());

		assertThat(batchGet(ids)).hasSize(1000).allSatisfy((found) -> assertThat(found).isEqualTo(user));
	}

}
