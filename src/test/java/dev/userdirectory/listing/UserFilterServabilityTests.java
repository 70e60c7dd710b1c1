package dev.userdirectory.listing;

import dev.userdirectory.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which filters ListUsers refuses for want of an index (see ServableFilters). */
class UserFilterServabilityTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "status = USER_STATUS_ACTIVE", "status != USER_STATUS_ACTIVE", "age != 30",
			"tags:\"a\" AND NOT tags:\"b\"", "NOT tags:\"b\" AND name = \"Ann*\"",
			"(tags:\"a\" OR age > 3) AND -tags:\"b\"", "tags:\"a\" OR annotations.k:*",
			"NOT tags:\"a\" AND (NOT tags:\"b\" OR tags:\"c\") AND age < 30" })
	void servesFiltersWithAPositiveRestrictionInEveryAlternative(String filter) {
		assertDoesNotThrow(() -> ServableFilters.check(UserFilterParser.parse(filter)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "NOT tags:\"a\"", "-annotations.k:*", "email != \"a@b.c\"", "name != \"Ann\"",
			"NOT tags:\"a\" AND -tags:\"b\"", "tags:\"a\" OR NOT tags:\"b\"", "NOT (tags:\"a\" AND age > 3)" })
	void refusesFiltersThatOnlyNegate(String filter) {
		ApiException failure = assertThrows(ApiException.class,
				() -> ServableFilters.check(UserFilterParser.parse(filter)));

		assertThat(failure.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("filter");
			assertThat(violation.description()).contains("only of negations");
		});
	}

}
