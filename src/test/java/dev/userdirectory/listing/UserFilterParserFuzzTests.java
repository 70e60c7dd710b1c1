package dev.userdirectory.listing;

import java.util.List;
import java.util.Random;

import dev.userdirectory.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mangled filters: each one either parses (and renders to SQL) or is refused
 * with an ApiException on {@code filter}, never any other exception.
 */
class UserFilterParserFuzzTests {

	private static final List<String> PIECES = List.of("status", "age", "created_at", "updated_at", "email", "name",
			"external_id", "tag", "tags", "annotations.k", "annotations.example.com/x", "foo", "AND", "OR", "NOT", "-",
			"(", ")", "=", "!=", "<", "<=", ">", ">=", ":", "*", "!", "==", "\"", "\"x\"", "\"Ann*\"", "\"\\\"",
			"\"2026-01-02T03:04:05Z\"", "USER_STATUS_ACTIVE", "ACTIVE", "12", "-3", "99999999999", " ", "\\", "\u00e9",
			"\ud83d\ude00", "\ud83d", "\u0000", "\t", "annotations.", ".", "/");

	@Test
	void randomSequencesOfFilterPiecesNeverThrowAnythingButApiException() {
		Random random = new Random(20261203);
		int parsed = 0;
		for (int i = 0; i < 50_000; i++) {
			StringBuilder filter = new StringBuilder();
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				filter.append(PIECES.get(random.nextInt(PIECES.size())));
				if (random.nextBoolean()) {
					filter.append(' ');
				}
			}
			parsed += tryParse(filter.toString()) ? 1 : 0;
		}
		assertThat(parsed).as("some random filters are valid").isGreaterThan(100);
	}

	@Test
	void randomCharactersNeverThrowAnythingButApiException() {
		Random random = new Random(42);
		String alphabet = "()\"\\*:=!<>- \tANDORNOTtagsnameemail.0123456789_az\u00e9";
		for (int i = 0; i < 50_000; i++) {
			char[] filter = new char[random.nextInt(40)];
			for (int j = 0; j < filter.length; j++) {
				filter[j] = random.nextInt(10) == 0 ? (char) random.nextInt(0x10000)
						: alphabet.charAt(random.nextInt(alphabet.length()));
			}
			tryParse(new String(filter));
		}
	}

	@Test
	void validFiltersCutAtEveryPositionNeverThrowAnythingButApiException() {
		String valid = "status = USER_STATUS_ACTIVE AND (tags:\"ops\" OR name = \"Ann*\") AND NOT "
				+ "annotations.example.com/team:* AND created_at >= \"2026-01-01T00:00:00Z\" AND -email = \"a@b.c\"";
		assertThat(tryParse(valid)).isTrue();
		for (int i = 0; i <= valid.length(); i++) {
			tryParse(valid.substring(0, i));
			tryParse(valid.substring(i));
		}
	}

	private static boolean tryParse(String filter) {
		try {
			UserFilter parsed = UserFilterParser.parse(filter);
			FilterSql.render(parsed, new java.util.ArrayList<>(), ">", java.util.UUID.randomUUID());
			ServableFilters.hasPositiveRestriction(parsed);
			return true;
		}
		catch (ApiException ex) {
			assertThat(ex.violations()).extracting("field").containsExactly("filter");
			return false;
		}
		catch (RuntimeException | StackOverflowError ex) {
			return fail("filter <" + filter + "> threw " + ex, ex);
		}
	}

}
