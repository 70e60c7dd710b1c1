package dev.userdirectory.user;

import java.util.List;
import java.util.Map;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.error.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BulkCreateTests {

	private final BulkCreate batch = new BulkCreate();

	@Test
	void countsTheItemsItWasGiven() {
		this.batch.add(user("a@example.com"), "r-a");
		this.batch.add(user("b@example.com"), "");
		this.batch.add(user("c@example.com"), "");

		assertThat(this.batch.size()).isEqualTo(3);
		assertThat(this.batch.values(BulkCreate.UniqueKey.EMAIL)).containsExactlyInAnyOrder("a@example.com",
				"b@example.com", "c@example.com");
		assertThat(this.batch.values(BulkCreate.UniqueKey.REQUEST_ID)).containsExactly("r-a");
	}

	@Test
	void refusesAnEmailRepeatedWithinTheStreamNamingBothItems() {
		this.batch.add(user("a@example.com"), "");
		this.batch.add(user("b@example.com"), "");

		ApiException failure = assertThrows(ApiException.class, () -> this.batch.add(user("a@example.com"), ""));

		assertThat(failure.reason()).isEqualTo(ErrorReason.EMAIL_ALREADY_EXISTS);
		assertThat(failure.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("users[2].email");
			assertThat(violation.description()).contains("users[0]");
		});
		assertThat(failure.metadata()).containsEntry("index", "2");
		assertThat(this.batch.size()).isEqualTo(2);
	}

	@Test
	void refusesARepeatedRequestIdButNotRepeatedEmptyOnes() {
		this.batch.add(user("a@example.com"), "");
		this.batch.add(user("b@example.com"), "");
		this.batch.add(user("c@example.com"), "same");

		ApiException failure = assertThrows(ApiException.class, () -> this.batch.add(user("d@example.com"), "same"));

		assertThat(failure.reason()).isEqualTo(ErrorReason.REQUEST_ID_ALREADY_USED);
		assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("users[3].request_id");
	}

	@Test
	void tracesAStoredDuplicateBackToTheFirstItemThatCarriesIt() {
		this.batch.add(user("a@example.com"), "r-0");
		this.batch.add(user("b@example.com"), "r-1");
		this.batch.add(user("c@example.com"), "r-2");

		assertThat(this.batch.firstConflict(taken(List.of("c@example.com"), List.of("r-1"))))
			.hasValueSatisfying((failure) -> assertThat(failure.violations()).extracting(FieldViolation::field)
				.containsExactly("users[1].request_id"));
		assertThat(this.batch.firstConflict(taken(List.of("b@example.com"), List.of("r-1"))))
			.hasValueSatisfying((failure) -> assertThat(failure.reason()).isEqualTo(ErrorReason.EMAIL_ALREADY_EXISTS));
		assertThat(this.batch.firstConflict(taken(List.of(), List.of()))).isEmpty();
	}

	@Test
	void refusesARepeatedExternalIdAndTracesAStoredOneButNotRepeatedEmptyOnes() {
		this.batch.add(user("a@example.com", ""), "");
		this.batch.add(user("b@example.com", ""), "");
		this.batch.add(user("c@example.com", "hr-1"), "");

		ApiException failure = assertThrows(ApiException.class,
				() -> this.batch.add(user("d@example.com", "hr-1"), ""));

		assertThat(failure.reason()).isEqualTo(ErrorReason.EXTERNAL_ID_TAKEN);
		assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("users[3].external_id");
		assertThat(this.batch.firstConflict(Map.of(BulkCreate.UniqueKey.EXTERNAL_ID, List.of("hr-1"))))
			.hasValueSatisfying((stored) -> assertThat(stored.violations()).extracting(FieldViolation::field)
				.containsExactly("users[2].external_id"));
	}

	private static Map<BulkCreate.UniqueKey, List<String>> taken(List<String> emails, List<String> requestIds) {
		return Map.of(BulkCreate.UniqueKey.EMAIL, emails, BulkCreate.UniqueKey.REQUEST_ID, requestIds);
	}

	private static NewUser user(String email) {
		return user(email, "");
	}

	private static NewUser user(String email, String externalId) {
		return new NewUser(email, "Name", 30, List.of(), "", "", Map.of(), externalId);
	}

}
