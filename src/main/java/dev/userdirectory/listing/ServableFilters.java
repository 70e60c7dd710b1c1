package dev.userdirectory.listing;

import dev.userdirectory.error.ApiException;

/**
 * Refuses the filters ListUsers cannot serve from an index at any table size.
 *
 * <p>
 * Every page is read by walking the order's (key, id) index and testing each user, or,
 * when the filter is rare, by the database finding its users through the index of a
 * restriction and sorting the few it found. A positive restriction on any filterable
 * field has such an index (status, age, the times, email, name, external_id, tags,
 * annotations). A negation ({@code NOT}, {@code -}, and {@code !=} on email, name and
 * external_id) has none: when it is rare (the complement of a common tag, say), the walk
 * tests users until it has found a page, which can be the whole table. So each
 * alternative of the filter must hold at least one positive restriction to AND the
 * negations to; docs/performance.md has the measurements behind this rule.
 */
final class ServableFilters {

	private ServableFilters() {
	}

	static void check(UserFilter filter) {
		if (!hasPositiveRestriction(filter)) {
			throw ApiException.invalid("filter",
					"this filter, or one of its OR alternatives, is made only of negations (NOT, -, != on email, "
							+ "name or external_id): no index can find the users it matches, and one page could read "
							+ "every user; AND it with a positive restriction, e.g. status = USER_STATUS_ACTIVE AND "
							+ "NOT tags:\"x\"");
		}
	}

	/**
	 * Whether every way {@code filter} can match goes through a restriction an index can
	 * find users by.
	 */
	static boolean hasPositiveRestriction(UserFilter filter) {
		if (filter instanceof UserFilter.Not) {
			return false;
		}
		if (filter instanceof UserFilter.And and) {
			return hasPositiveRestriction(and.left()) || hasPositiveRestriction(and.right());
		}
		if (filter instanceof UserFilter.Or or) {
			return hasPositiveRestriction(or.left()) && hasPositiveRestriction(or.right());
		}
		return true;
	}

}
