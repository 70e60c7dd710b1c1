package dev.userdirectory.listing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL FilterSql writes for the cases a database-backed test cannot tell apart. */
class UserFilterSqlTests {

	private static String render(String filter, List<Object> params) {
		return FilterSql.render(UserFilterParser.parse(filter), params, null, null);
	}

	@Test
	void aPrefixIsAnIndexRangeCheckedByLike() {
		List<Object> params = new ArrayList<>();

		assertThat(render("name = \"Ann*\"", params))
			.isEqualTo("(u.name >= ? and u.name like ? escape '\\' and u.name < ?)");
		assertThat(params).containsExactly("Ann", "Ann%", "Ano");
	}

	@Test
	void aPrefixEndingOutsideTheLettersAndDigitsHasNoUpperBound() {
		// 'z' + 1 is '{', which linguistic collations sort before the letters.
		for (String prefix : List.of("Anz", "AnZ", "user9", "Ann ", "Zoë", "a.")) {
			List<Object> params = new ArrayList<>();
			assertThat(render("name = \"" + prefix + "*\"", params)).as(prefix).doesNotContain("<");
			assertThat(params).containsExactly(prefix, prefix + "%");
		}
	}

	@Test
	void escapesLikeWildcardsInAPrefix() {
		List<Object> params = new ArrayList<>();

		render("email = \"a_b%c\\\\d*\"", params);

		assertThat(params.get(1)).isEqualTo("a\\_b\\%c\\\\d%");
	}

	@Test
	void negationsOfExternalIdsAreNeverNull() {
		List<Object> params = new ArrayList<>();

		assertThat(render("external_id != \"x\"", params))
			.isEqualTo("not (u.external_id is not null and u.external_id = ?)");
		assertThat(render("external_id = \"\"", params)).isEqualTo("u.external_id is null");
	}

	@Test
	void statusComparisonsBecomeSetsOfStatuses() {
		List<Object> params = new ArrayList<>();

		assertThat(render("status > USER_STATUS_ACTIVE", params)).isEqualTo("u.status in (?, ?)");
		assertThat(params).containsExactly("INACTIVE", "SUSPENDED");
		assertThat(render("status < USER_STATUS_ACTIVE", params)).isEqualTo("1 = 0");
	}

}
