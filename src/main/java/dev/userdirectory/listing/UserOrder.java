package dev.userdirectory.listing;

import java.util.function.Function;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.user.UserEntity;

/**
 * ListUsers' {@code order_by} (AIP-132): one sort key, ascending unless followed by
 * {@code desc}, ties broken by id in the same direction. Each key has a (key, id) index
 * (email: its unique index), so every order is a range scan that stops after one page.
 */
record UserOrder(Key key, boolean descending) {

	static final UserOrder DEFAULT = new UserOrder(Key.CREATED_AT, false);

	static UserOrder parse(String orderBy) {
		String[] words = orderBy.trim().split("\\s+");
		if (words.length == 1 && words[0].isEmpty()) {
			return DEFAULT;
		}
		Key key = Key.named(words[0]);
		if (words.length == 1) {
			return new UserOrder(key, false);
		}
		if (words.length == 2 && (words[1].equals("desc") || words[1].equals("asc"))) {
			return new UserOrder(key, words[1].equals("desc"));
		}
		throw invalid("expected one field optionally followed by ' desc' or ' asc', found '" + orderBy + "'");
	}

	/**
	 * The SQL of this order over {@code users u}, or over {@code alias} for the outer
	 * query.
	 */
	String sql(String alias) {
		String direction = this.descending ? " desc" : "";
		return alias + "." + this.key.column + direction + ", " + alias + ".id" + direction;
	}

	enum Key {

		CREATED_AT("created_at", UserEntity::getCreatedAt), UPDATED_AT("updated_at", UserEntity::getUpdatedAt),
		NAME("name", UserEntity::getName), EMAIL("email", UserEntity::getEmail), AGE("age", UserEntity::getAge);

		final String column;

		private final Function<UserEntity, Object> value;

		Key(String column, Function<UserEntity, Object> value) {
			this.column = column;
			this.value = value;
		}

		/** The sort key of {@code user}: an Instant, a String or an Integer. */
		Object of(UserEntity user) {
			return this.value.apply(user);
		}

		boolean isTime() {
			return this == CREATED_AT || this == UPDATED_AT;
		}

		static Key named(String name) {
			for (Key key : values()) {
				if (key.column.equals(name)) {
					return key;
				}
			}
			throw invalid("unknown field '" + name + "'; one of created_at, updated_at, name, email, age");
		}

	}

	private static ApiException invalid(String description) {
		return ApiException.invalid("order_by", description);
	}

	@Override
	public String toString() {
		return this.key.column + (this.descending ? " desc" : "");
	}

}
