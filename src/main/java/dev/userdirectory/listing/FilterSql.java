package dev.userdirectory.listing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Renders a {@link UserFilter} as a condition on {@code users u}, in the SQL that H2 and
 * PostgreSQL share, with its values as parameters.
 *
 * <p>
 * Tags and annotations are {@code exists} probes: PostgreSQL turns one at the top level
 * into a semi-join it can drive from the (tag, user_id) or (key, value, user_id) index
 * when the tag is rare, and otherwise probes per user read in order ({@link PageSource}
 * drives a page from an annotation's own rows instead). Only external_id is nullable; its
 * conditions are written so that they are never NULL, so that NOT around them means what
 * it says.
 */
final class FilterSql {

	private final List<Object> params;

	private final String tagIdBound;

	private final UUID boundId;

	/**
	 * @param tagIdBound {@code ">"} or {@code "<"} to repeat the keyset's id bound in tag
	 * probes (see {@link UserListingRepository}), or null
	 */
	private FilterSql(List<Object> params, String tagIdBound, UUID boundId) {
		this.params = params;
		this.tagIdBound = tagIdBound;
		this.boundId = boundId;
	}

	static String render(UserFilter filter, List<Object> params, String tagIdBound, UUID boundId) {
		return new FilterSql(params, tagIdBound, boundId).sql(filter);
	}

	private String sql(UserFilter filter) {
		if (filter instanceof UserFilter.All) {
			return "1 = 1";
		}
		if (filter instanceof UserFilter.And and) {
			return "(" + sql(and.left()) + " and " + sql(and.right()) + ")";
		}
		if (filter instanceof UserFilter.Or or) {
			return "(" + sql(or.left()) + " or " + sql(or.right()) + ")";
		}
		if (filter instanceof UserFilter.Not not) {
			return "not " + sql(not.operand());
		}
		if (filter instanceof UserFilter.StatusIn status) {
			if (status.statuses().isEmpty()) {
				return "1 = 0";
			}
			List<String> names = status.statuses().stream().map(Enum::name).sorted().toList();
			this.params.addAll(names);
			return "u.status in (" + names.stream().map((name) -> "?").collect(Collectors.joining(", ")) + ")";
		}
		if (filter instanceof UserFilter.AgeCompare age) {
			this.params.add(age.value());
			return "u.age " + age.comparison().sql + " ?";
		}
		if (filter instanceof UserFilter.TimeCompare time) {
			this.params.add(OffsetDateTime.ofInstant(time.value(), ZoneOffset.UTC));
			return time.field().column + " " + time.comparison().sql + " ?";
		}
		if (filter instanceof UserFilter.TextEquals text) {
			return text(text);
		}
		if (filter instanceof UserFilter.HasTag tag) {
			this.params.add(tag.tag());
			String bound = "";
			if (this.tagIdBound != null) {
				bound = " and f.user_id " + this.tagIdBound + " ?";
				this.params.add(this.boundId);
			}
			return "exists (select 1 from user_tags f where f.tag = ? and f.user_id = u.id" + bound + ")";
		}
		if (filter instanceof UserFilter.HasAnnotation has) {
			this.params.add(has.key());
			return "exists (select 1 from user_annotations a where a.annotation_key = ? and a.user_id = u.id)";
		}
		UserFilter.AnnotationEquals annotation = (UserFilter.AnnotationEquals) filter;
		this.params.add(annotation.key());
		this.params.add(annotation.value());
		// The creation time completes the probe's key in the index that serves it.
		return "exists (select 1 from user_annotations a where a.annotation_key = ? and a.annotation_value = ?"
				+ " and a.user_created_at = u.created_at and a.user_id = u.id)";
	}

	private String text(UserFilter.TextEquals text) {
		String column = text.field().column;
		if (text.field() == UserFilter.TextField.EXTERNAL_ID) {
			// An empty external id is stored as NULL.
			if (text.value().isEmpty()) {
				return "u.external_id is null";
			}
			this.params.add(text.value());
			return "(u.external_id is not null and u.external_id = ?)";
		}
		if (!text.prefix()) {
			this.params.add(text.value());
			return column + " = ?";
		}
		if (text.value().isEmpty()) {
			return "1 = 1";
		}
		// A range the (column, id) index can scan (LIKE with a parameter could not), and
		// LIKE to keep exactly the prefix, case included, whatever the collation.
		this.params.add(text.value());
		this.params.add(escapeLike(text.value()) + "%");
		String range = column + " >= ? and " + column + " like ? escape '\\'";
		String upper = upperBound(text.value());
		if (upper == null) {
			return "(" + range + ")";
		}
		this.params.add(upper);
		return "(" + range + " and " + column + " < ?)";
	}

	/**
	 * A string after every string starting with {@code prefix}, or null: the prefix with
	 * its last character's successor, when both are ASCII letters or digits in order ('n'
	 * to 'o'). Those come in the same order in the C collation and in linguistic ones
	 * (en_US), which put punctuation, '{' after 'z' included, before letters; without
	 * that bound the range is open-ended and LIKE alone decides.
	 */
	private static String upperBound(String prefix) {
		char last = prefix.charAt(prefix.length() - 1);
		boolean hasSuccessor = (last >= '0' && last < '9') || (last >= 'a' && last < 'z')
				|| (last >= 'A' && last < 'Z');
		return hasSuccessor ? prefix.substring(0, prefix.length() - 1) + (char) (last + 1) : null;
	}

	private static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
