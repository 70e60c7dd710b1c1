package dev.userdirectory.listing;

import java.util.List;
import java.util.Optional;

/**
 * Which rows a ListUsers page is read by, in its order: the users themselves through the
 * order's (key, id) index, or, for {@code annotations.KEY = "v"} in the default order,
 * that value's annotation rows through their (key, value, user_created_at, user_id)
 * index.
 *
 * <p>
 * Driven from the users, a rare value (one user in 200) means testing 200 users per user
 * of the page, or finding all its users and sorting them: both grow with the table.
 * Driven from the annotation rows, a page reads one page of index entries and looks up
 * those users. The driving condition is left out of the remaining filter: repeated as an
 * {@code exists}, PostgreSQL joined the two and sorted again.
 *
 * @param from the FROM clause
 * @param condition the condition that drives it ({@code 1 = 1} for the users)
 * @param params the condition's parameters
 * @param keyColumn the column of the order's key
 * @param idColumn the column of the user id that breaks ties
 * @param rest what of the filter the rows read must still pass
 */
record PageSource(String from, String condition, List<Object> params, String keyColumn, String idColumn,
		UserFilter rest) {

	static PageSource of(ListingQuery query) {
		Optional<UserFilter.AnnotationEquals> annotation = (query.order().key() == UserOrder.Key.CREATED_AT)
				? drivingAnnotation(query.filter()) : Optional.empty();
		if (annotation.isPresent()) {
			UserFilter.AnnotationEquals driving = annotation.get();
			return new PageSource("user_annotations d join users u on u.id = d.user_id",
					"d.annotation_key = ? and d.annotation_value = ?", List.of(driving.key(), driving.value()),
					"d.user_created_at", "d.user_id", without(query.filter(), driving));
		}
		return new PageSource("users u", "1 = 1", List.of(), "u." + query.order().key().column, "u.id", query.filter());
	}

	/** The ORDER BY of this source's rows in {@code order}'s direction. */
	String orderBy(UserOrder order) {
		String direction = order.descending() ? " desc" : "";
		return this.keyColumn + direction + ", " + this.idColumn + direction;
	}

	/** An annotation equality that every user the filter matches must have. */
	private static Optional<UserFilter.AnnotationEquals> drivingAnnotation(UserFilter filter) {
		if (filter instanceof UserFilter.AnnotationEquals annotation) {
			return Optional.of(annotation);
		}
		if (filter instanceof UserFilter.And and) {
			return drivingAnnotation(and.left()).or(() -> drivingAnnotation(and.right()));
		}
		return Optional.empty();
	}

	/** {@code filter} without one of its top-level conjuncts. */
	private static UserFilter without(UserFilter filter, UserFilter conjunct) {
		if (filter.equals(conjunct)) {
			return UserFilter.ALL;
		}
		if (filter instanceof UserFilter.And and) {
			UserFilter left = without(and.left(), conjunct);
			if (left != and.left()) {
				return both(left, and.right());
			}
			return both(and.left(), without(and.right(), conjunct));
		}
		return filter;
	}

	private static UserFilter both(UserFilter left, UserFilter right) {
		if (left instanceof UserFilter.All) {
			return right;
		}
		if (right instanceof UserFilter.All) {
			return left;
		}
		return new UserFilter.And(left, right);
	}

}
