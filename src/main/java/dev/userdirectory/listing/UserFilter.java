package dev.userdirectory.listing;

import java.time.Instant;
import java.util.Set;

import dev.userdirectory.user.UserEntity;

/**
 * What ListUsers' filter selects, as parsed by {@link UserFilterParser}: a small tree of
 * restrictions joined by AND, OR and NOT. Records compare and print by value, so two
 * spellings of one filter (spacing, {@code tag = "x"} or {@code tags:"x"}) are the same
 * filter, also to a page token.
 */
public sealed interface UserFilter {

	/** The empty filter. */
	UserFilter ALL = new All();

	/** Every user. */
	record All() implements UserFilter {
	}

	record And(UserFilter left, UserFilter right) implements UserFilter {
	}

	record Or(UserFilter left, UserFilter right) implements UserFilter {
	}

	record Not(UserFilter operand) implements UserFilter {
	}

	/**
	 * {@code status} compared with an enum value, resolved to the statuses it admits.
	 */
	record StatusIn(Set<UserEntity.Status> statuses) implements UserFilter {

		public StatusIn {
			statuses = Set.copyOf(statuses);
		}

		@Override
		public String toString() {
			// Set order is not stable across runs; the fingerprint needs a stable text.
			return "StatusIn" + statuses.stream().map(Enum::name).sorted().toList();
		}

	}

	/** {@code age} compared with a number. */
	record AgeCompare(Comparison comparison, int value) implements UserFilter {
	}

	/** {@code created_at} or {@code updated_at} compared with an instant. */
	record TimeCompare(TimeField field, Comparison comparison, Instant value) implements UserFilter {
	}

	/**
	 * {@code email}, {@code name} or {@code external_id} equal to {@code value}, or
	 * starting with it when {@code prefix}. Emails arrive here lower-cased.
	 */
	record TextEquals(TextField field, String value, boolean prefix) implements UserFilter {
	}

	/** {@code tag = "x"} or {@code tags:"x"}. */
	record HasTag(String tag) implements UserFilter {
	}

	/** {@code annotations.KEY:*}. */
	record HasAnnotation(String key) implements UserFilter {
	}

	/** {@code annotations.KEY = "v"}. */
	record AnnotationEquals(String key, String value) implements UserFilter {
	}

	enum Comparison {

		EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

		final String sql;

		Comparison(String sql) {
			this.sql = sql;
		}

		boolean admits(int compared) {
			return switch (this) {
				case EQ -> compared == 0;
				case NE -> compared != 0;
				case LT -> compared < 0;
				case LE -> compared <= 0;
				case GT -> compared > 0;
				case GE -> compared >= 0;
			};
		}

	}

	enum TimeField {

		CREATED_AT("u.created_at"), UPDATED_AT("u.updated_at");

		final String column;

		TimeField(String column) {
			this.column = column;
		}

	}

	enum TextField {

		EMAIL("u.email"), NAME("u.name"), EXTERNAL_ID("u.external_id");

		final String column;

		TextField(String column) {
			this.column = column;
		}

	}

}
