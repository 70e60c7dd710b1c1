package dev.userdirectory.listing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rows a page is driven from, and what of the filter is left to test on them. */
class PageSourceTests {

	private static PageSource source(String filter, String orderBy) {
		return PageSource.of(new ListingQuery(UserFilterParser.parse(filter), UserOrder.parse(orderBy), false));
	}

	@Test
	void anAnnotationValueInCreationOrderDrivesFromItsOwnRowsAndLeavesTheRestOfTheFilter() {
		PageSource source = source("status = USER_STATUS_ACTIVE AND annotations.cost_center = \"cc-7\" AND age > 3",
				"created_at desc");

		assertThat(source.from()).startsWith("user_annotations d");
		assertThat(source.params()).containsExactly("cost_center", "cc-7");
		assertThat(source.orderBy(UserOrder.parse("created_at desc")))
			.isEqualTo("d.user_created_at desc, d.user_id desc");
		assertThat(source.rest()).isEqualTo(UserFilterParser.parse("status = USER_STATUS_ACTIVE AND age > 3"));
		assertThat(source("annotations.cost_center = \"cc-7\"", "").rest()).isEqualTo(UserFilter.ALL);
	}

	@Test
	void onlyTheFirstOfTwoAnnotationValuesDrives() {
		PageSource source = source("annotations.a = \"1\" AND annotations.b = \"2\"", "");

		assertThat(source.params()).containsExactly("a", "1");
		assertThat(source.rest()).isEqualTo(new UserFilter.AnnotationEquals("b", "2"));
	}

	@Test
	void otherOrdersAndAnnotationsNotEveryMatchHasAreReadFromTheUsers() {
		for (String[] filterAndOrder : new String[][] { { "annotations.a = \"1\"", "name" },
				{ "annotations.a = \"1\" OR age = 3", "" }, { "age = 3 AND NOT annotations.a = \"1\"", "" },
				{ "annotations.a:*", "" }, { "tags:\"vip\"", "" } }) {
			PageSource source = source(filterAndOrder[0], filterAndOrder[1]);
			assertThat(source.from()).as(filterAndOrder[0]).isEqualTo("users u");
			assertThat(source.rest()).isEqualTo(UserFilterParser.parse(filterAndOrder[0]));
		}
	}

}
