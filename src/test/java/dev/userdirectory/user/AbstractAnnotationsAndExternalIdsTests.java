package dev.userdirectory.user;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.userdirectory.api.v1.User;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** User.annotations and User.external_id: set on create, replaced by update, checked. */
abstract class AbstractAnnotationsAndExternalIdsTests extends AbstractUserTests {

	@Test
	void annotationsAndExternalIdAreStoredOnCreateAndReadBack() {
		String externalId = "hr-" + UUID.randomUUID();
		User user = create(validCreate().putAnnotations("example.com/team", "payments")
			.putAnnotations("cost-center", "42")
			.setExternalId(externalId));

		assertThat(user.getAnnotationsMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("example.com/team", "payments", "cost-center", "42"));
		assertThat(user.getExternalId()).isEqualTo(externalId);
		assertThat(get(user.getId())).isEqualTo(user);
	}

	@Test
	void updatingAnnotationsReplacesTheWholeMap() {
		User user = create(validCreate().putAnnotations("a", "1").putAnnotations("b", "2"));

		User updated = update(user.toBuilder().clearAnnotations().putAnnotations("c", "3").build(), "annotations");

		assertThat(updated.getAnnotationsMap()).containsExactly(Map.entry("c", "3"));
		assertThat(get(user.getId()).getAnnotationsMap()).containsExactly(Map.entry("c", "3"));
		assertThat(update(updated.toBuilder().clearAnnotations().build(), "annotations").getAnnotationsMap()).isEmpty();
	}

	@Test
	void anExternalIdIsUniqueAmongUsersAndCanBeClearedOrMoved() {
		String externalId = "hr-" + UUID.randomUUID();
		User first = create(validCreate().setExternalId(externalId));

		assertFails(Code.ALREADY_EXISTS, () -> create(validCreate().setExternalId(externalId)))
			.hasReason("EXTERNAL_ID_TAKEN");
		User second = create(validCreate());
		assertFails(Code.ALREADY_EXISTS,
				() -> update(second.toBuilder().setExternalId(externalId).build(), "external_id"))
			.hasReason("EXTERNAL_ID_TAKEN");

		update(first.toBuilder().setExternalId("").build(), "external_id");
		User moved = update(second.toBuilder().setExternalId(externalId).build(), "external_id");
		assertThat(moved.getExternalId()).isEqualTo(externalId);
		assertThat(create(validCreate()).getExternalId()).as("many users have none").isEmpty();
		assertThat(create(validCreate()).getExternalId()).isEmpty();
	}

	@Test
	void invalidAnnotationsOrExternalIdsAreRefusedNamingTheField() {
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().putAnnotations("Upper", "v")))
			.hasViolationsOn("annotations[\"Upper\"]");
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().putAnnotations("-dash", "v")))
			.hasViolationsOn("annotations[\"-dash\"]");
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().putAnnotations("k".repeat(64), "v")))
			.hasViolationsOn("annotations[\"" + "k".repeat(64) + "\"]");
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().putAnnotations("key", "v".repeat(257))))
			.hasViolationsOn("annotations[\"key\"]");
		Map<String, String> tooMany = new HashMap<>();
		for (int i = 0; i < 65; i++) {
			tooMany.put("k" + i, "v");
		}
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().putAllAnnotations(tooMany)))
			.hasViolationsOn("annotations");
		assertFails(Code.INVALID_ARGUMENT, () -> create(validCreate().setExternalId("x".repeat(256))))
			.hasViolationsOn("external_id");
		User user = create(validCreate().putAnnotations("k".repeat(63), "v".repeat(256)));
		assertFails(Code.INVALID_ARGUMENT,
				() -> update(user.toBuilder().putAnnotations("Bad Key", "v").build(), "annotations"))
			.hasViolationsOn("user.annotations[\"Bad Key\"]");
	}

}
