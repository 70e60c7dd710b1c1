package dev.userdirectory.listing;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.FieldViolation;
import dev.userdirectory.listing.UserFilter.AgeCompare;
import dev.userdirectory.listing.UserFilter.And;
import dev.userdirectory.listing.UserFilter.AnnotationEquals;
import dev.userdirectory.listing.UserFilter.Comparison;
import dev.userdirectory.listing.UserFilter.HasAnnotation;
import dev.userdirectory.listing.UserFilter.HasTag;
import dev.userdirectory.listing.UserFilter.Not;
import dev.userdirectory.listing.UserFilter.Or;
import dev.userdirectory.listing.UserFilter.StatusIn;
import dev.userdirectory.listing.UserFilter.TextEquals;
import dev.userdirectory.listing.UserFilter.TextField;
import dev.userdirectory.listing.UserFilter.TimeCompare;
import dev.userdirectory.listing.UserFilter.TimeField;
import dev.userdirectory.user.UserEntity.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserFilterParserTests {

	private static final HasTag A = new HasTag("a");

	private static final HasTag B = new HasTag("b");

	private static final HasTag C = new HasTag("c");

	private static UserFilter parse(String filter) {
		return UserFilterParser.parse(filter);
	}

	@Test
	void anEmptyFilterMatchesEveryone() {
		assertThat(parse("")).isEqualTo(UserFilter.ALL);
		assertThat(parse("   ")).isEqualTo(UserFilter.ALL);
	}

	@Test
	void acceptsAStatusWithOrWithoutItsEnumPrefix() {
		assertThat(parse("status = INACTIVE")).isEqualTo(new StatusIn(Set.of(Status.INACTIVE)));
		assertThat(parse("status = USER_STATUS_INACTIVE")).isEqualTo(new StatusIn(Set.of(Status.INACTIVE)));
	}

	@Test
	void comparesStatusesByTheirEnumNumbers() {
		assertThat(parse("status != USER_STATUS_ACTIVE"))
			.isEqualTo(new StatusIn(EnumSet.of(Status.INACTIVE, Status.SUSPENDED)));
		assertThat(parse("status < USER_STATUS_SUSPENDED"))
			.isEqualTo(new StatusIn(EnumSet.of(Status.ACTIVE, Status.INACTIVE)));
		assertThat(parse("status >= USER_STATUS_INACTIVE"))
			.isEqualTo(new StatusIn(EnumSet.of(Status.INACTIVE, Status.SUSPENDED)));
		assertThat(parse("status > USER_STATUS_SUSPENDED")).isEqualTo(new StatusIn(Set.of()));
	}

	@Test
	void readsTheOldStatusAndTagFilters() {
		assertThat(parse("status = USER_STATUS_SUSPENDED AND tag = \"ops\""))
			.isEqualTo(new And(new StatusIn(Set.of(Status.SUSPENDED)), new HasTag("ops")));
		assertThat(parse("tag=\"ops\" AND status=USER_STATUS_ACTIVE"))
			.isEqualTo(new And(new HasTag("ops"), new StatusIn(Set.of(Status.ACTIVE))));
	}

	@Test
	void orBindsTighterThanAndAsAip160Says() {
		assertThat(parse("tag = \"a\" AND tag = \"b\" OR tag = \"c\"")).isEqualTo(new And(A, new Or(B, C)));
		assertThat(parse("tag = \"a\" OR tag = \"b\" AND tag = \"c\"")).isEqualTo(new And(new Or(A, B), C));
		assertThat(parse("(tag = \"a\" AND tag = \"b\") OR tag = \"c\"")).isEqualTo(new Or(new And(A, B), C));
	}

	@Test
	void andAndOrAssociateToTheLeft() {
		assertThat(parse("tags:\"a\" AND tags:\"b\" AND tags:\"c\"")).isEqualTo(new And(new And(A, B), C));
		assertThat(parse("tags:\"a\" OR tags:\"b\" OR tags:\"c\"")).isEqualTo(new Or(new Or(A, B), C));
	}

	@Test
	void notAndMinusNegateTheNextTermOnly() {
		assertThat(parse("NOT tags:\"a\" AND tags:\"b\"")).isEqualTo(new And(new Not(A), B));
		assertThat(parse("-tags:\"a\" OR tags:\"b\"")).isEqualTo(new Or(new Not(A), B));
		assertThat(parse("NOT (tags:\"a\" OR tags:\"b\")")).isEqualTo(new Not(new Or(A, B)));
		assertThat(parse("- (tags:\"a\")")).isEqualTo(new Not(A));
	}

	@Test
	void readsEveryFieldAndOperator() {
		assertThat(parse("age >= 18")).isEqualTo(new AgeCompare(Comparison.GE, 18));
		assertThat(parse("age!=7")).isEqualTo(new AgeCompare(Comparison.NE, 7));
		assertThat(parse("created_at < \"2026-01-02T03:04:05Z\""))
			.isEqualTo(new TimeCompare(TimeField.CREATED_AT, Comparison.LT, Instant.parse("2026-01-02T03:04:05Z")));
		assertThat(parse("updated_at > \"2026-01-02T05:04:05.5+02:00\""))
			.isEqualTo(new TimeCompare(TimeField.UPDATED_AT, Comparison.GT, Instant.parse("2026-01-02T03:04:05.5Z")));
		assertThat(parse("email = \"Ann@Example.COM\""))
			.isEqualTo(new TextEquals(TextField.EMAIL, "ann@example.com", false));
		assertThat(parse("name != \"Ann\"")).isEqualTo(new Not(new TextEquals(TextField.NAME, "Ann", false)));
		assertThat(parse("external_id = \"hr-1\"")).isEqualTo(new TextEquals(TextField.EXTERNAL_ID, "hr-1", false));
		assertThat(parse("annotations.example.com/team-id:*")).isEqualTo(new HasAnnotation("example.com/team-id"));
		assertThat(parse("annotations.cost_center = \"42\"")).isEqualTo(new AnnotationEquals("cost_center", "42"));
	}

	@Test
	void aTrailingStarIsAPrefixOnNameAndEmailOnly() {
		assertThat(parse("name = \"Ann*\"")).isEqualTo(new TextEquals(TextField.NAME, "Ann", true));
		assertThat(parse("email = \"ANN*\"")).isEqualTo(new TextEquals(TextField.EMAIL, "ann", true));
		assertThat(parse("name = \"Ann\\*\"")).as("escaped").isEqualTo(new TextEquals(TextField.NAME, "Ann*", false));
		assertThat(parse("name = \"A*n\"")).as("not trailing").isEqualTo(new TextEquals(TextField.NAME, "A*n", false));
		assertThat(parse("external_id = \"x*\"")).isEqualTo(new TextEquals(TextField.EXTERNAL_ID, "x*", false));
		assertThat(parse("tags:\"x*\"")).isEqualTo(new HasTag("x*"));
	}

	@Test
	void unescapesQuotesAndBackslashes() {
		assertThat(parse("tag = \"say \\\"hi\\\" \\\\ AND bye\"")).isEqualTo(new HasTag("say \"hi\" \\ AND bye"));
	}

	@Test
	void tagAndTagsAreTheSameFilter() {
		assertThat(parse("tag = \"x\"")).isEqualTo(parse("tags:\"x\""));
		assertThat(new ListingQuery(parse("tag = \"x\""), UserOrder.DEFAULT, false).fingerprint())
			.isEqualTo(new ListingQuery(parse("  tags : \"x\" "), UserOrder.DEFAULT, false).fingerprint());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
							status                                          | expected a comparison operator after 'status' at position 1
							foo = "x"                                       | unknown field 'foo' at position 1
							age > 3 AND bogus = 1                           | unknown field 'bogus' at position 13
							status = USER_STATUS_DELETED                    | unknown status 'USER_STATUS_DELETED' at position 10
							status = "USER_STATUS_ACTIVE"                   | unknown status
							tag = ops                                       | double-quoted string, found 'ops' at position 7
							tag != "ops"                                    | tag takes '='
							tags = "ops"                                    | tags takes ':'
							tag = "ops" AND                                 | found the end of the filter
							tag = "ops" tag = "b"                           | expected AND, OR or the end of the filter, found 'tag' at position 13
							(tag = "ops"                                    | expected ')' to close the '(' at position 1
							tag = "ops")                                    | unbalanced parenthesis
							tag = "unterminated                             | unterminated string literal starting at position 7
							email > "a"                                     | operator '>' at position 7 is not supported on email
							name <= "a"                                     | not supported on name
							age = "3"                                       | whole number
							age = 3x                                        | whole number
							created_at > 2026                               | created_at is compared with a double-quoted string
							created_at > "yesterday"                        | RFC 3339
					created_at > "+99999-01-01T00:00:00Z"           | RFC 3339
					updated_at > "-0001-01-01T00:00:00Z"            | RFC 3339
					updated_at > "2026-01-01"                       | RFC 3339
							annotations.k:"v"                               | takes only *
							annotations.k > "v"                             | takes '= "value"' or ':*'
							annotations. = "v"                              | unknown field 'annotations.'
							NOT NOT tags:"a"                                | found 'NOT' at position 5
							status == ACTIVE                                | equality is a single '='
							status ! ACTIVE                                 | did you mean '!='
							tag = "a" & tag = "b"                           | unexpected character '&' at position 11
							and = "x"                                       | unknown field 'and'
							""")
	void refusesAnythingElseNamingTheOffendingPart(String filter, String explanation) {
		ApiException failure = assertThrows(ApiException.class, () -> parse(filter));

		assertThat(failure.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("filter");
			assertThat(violation.description()).contains(explanation);
		});
	}

	@Test
	void boundsNesting() {
		String deep = "(".repeat(40) + "tags:\"a\"" + ")".repeat(40);
		ApiException failure = assertThrows(ApiException.class, () -> parse(deep));

		assertThat(failure.violations().get(0).description()).contains("nests deeper than 32");
		assertThat(parse("(".repeat(30) + "tags:\"a\"" + ")".repeat(30))).isEqualTo(A);
	}

	@Test
	void namesTheFilterFieldInEveryFailure() {
		ApiException failure = assertThrows(ApiException.class, () -> parse("AND AND AND"));

		assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("filter");
	}

}
