package dev.userdirectory.listing;

import java.util.Optional;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.FieldViolation;
import dev.userdirectory.user.UserEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserFilterParserTests {

	@Test
	void anEmptyFilterMatchesEveryone() {
		assertThat(UserFilterParser.parse("")).isEqualTo(UserFilter.ALL);
		assertThat(UserFilterParser.parse("   ")).isEqualTo(UserFilter.ALL);
	}

	@Test
	void acceptsAStatusWithOrWithoutItsEnumPrefix() {
		assertThat(UserFilterParser.parse("status = INACTIVE").status()).contains(UserEntity.Status.INACTIVE);
		assertThat(UserFilterParser.parse("status = USER_STATUS_INACTIVE").status())
			.contains(UserEntity.Status.INACTIVE);
	}

	@Test
	void readsAStatusAndATagJoinedByAnd() {
		assertThat(UserFilterParser.parse("status = USER_STATUS_SUSPENDED AND tag = \"ops\""))
			.isEqualTo(new UserFilter(Optional.of(UserEntity.Status.SUSPENDED), Optional.of("ops")));
		assertThat(UserFilterParser.parse("tag=\"ops\" AND status=USER_STATUS_ACTIVE"))
			.isEqualTo(new UserFilter(Optional.of(UserEntity.Status.ACTIVE), Optional.of("ops")));
	}

	@Test
	void unescapesQuotesAndBackslashesInATag() {
		assertThat(UserFilterParser.parse("tag = \"say \\\"hi\\\" \\\\ AND bye\"").tag())
			.contains("say \"hi\" \\ AND bye");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			status                                          | expected a restriction
			name = "ada"                                    | unknown field 'name'
			status != USER_STATUS_ACTIVE                    | unexpected character '!'
			status = USER_STATUS_DELETED                    | unknown status 'USER_STATUS_DELETED'
			status = "USER_STATUS_ACTIVE"                   | unknown status
			tag = ops                                       | double-quoted
			tag = "ops" OR tag = "dev"                      | joined by AND
			tag = "ops" AND                                 | AND must be followed
			tag = "a" AND tag = "b"                         | tag is restricted twice
			status = USER_STATUS_ACTIVE AND status = USER_STATUS_ACTIVE | status is restricted twice
			tag = "unterminated                             | unterminated string
			""")
	void refusesAnythingElseOnTheFilterField(String filter, String explanation) {
		ApiException failure = assertThrows(ApiException.class, () -> UserFilterParser.parse(filter));

		assertThat(failure.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("filter");
			assertThat(violation.description()).contains(explanation);
		});
	}

	@Test
	void namesTheFilterFieldInEveryFailure() {
		ApiException failure = assertThrows(ApiException.class, () -> UserFilterParser.parse("AND AND AND"));

		assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("filter");
	}

}
