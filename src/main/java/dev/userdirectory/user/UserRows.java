package dev.userdirectory.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads users from plain SQL rows, for ListUsers: it streams up to a whole table, and
 * through Hibernate each user cost a managed entity, a dirty-checking snapshot and a
 * second query for its tags, more than the database's own work. The users it returns are
 * detached and read-only.
 *
 * <p>
 * A query built by {@link #withTags(String)} answers one row per (user, tag), users in
 * the order of the inner query, and {@link #read(ResultSet)} folds them back into users.
 */
public final class UserRows {

	/** The columns of {@code users u} that a user is rebuilt from. */
	public static final String COLUMNS = "u.id, u.email, u.name, u.age, u.status, u.bio, u.avatar_url, "
			+ "u.created_at, u.updated_at, u.created_by, u.updated_by, u.version, u.external_id, u.delete_time, "
			+ "u.purge_time";

	private UserRows() {
	}

	/**
	 * Joins the tags to {@code usersQuery}, which must select {@link #COLUMNS} from
	 * {@code users u} ordered by (created_at, id): one statement a chunk, instead of one
	 * for users and one for tags.
	 */
	public static String withTags(String usersQuery) {
		return withTags(usersQuery, "p.created_at, p.id");
	}

	/**
	 * As {@link #withTags(String)} for a users query in another order, which
	 * {@code order} restates over the joined rows, named {@code p}.
	 */
	public static String withTags(String usersQuery, String order) {
		return "select p.*, t.tag from (" + usersQuery + ") p left join user_tags t on t.user_id = p.id" + " order by "
				+ order + ", t.tag_order";
	}

	/**
	 * The users of a {@link #withTags(String)} result, in its order, each with its tags.
	 */
	public static List<UserEntity> read(ResultSet rows) throws SQLException {
		List<UserEntity> users = new ArrayList<>();
		UserEntity current = null;
		List<String> tags = new ArrayList<>();
		while (rows.next()) {
			UUID id = rows.getObject(1, UUID.class);
			if (current == null || !current.getId().equals(id)) {
				if (current != null) {
					current.setTags(tags);
					tags.clear();
				}
				current = UserEntity.restored(id, rows.getString(2), rows.getString(3), rows.getInt(4),
						UserEntity.Status.valueOf(rows.getString(5)), rows.getString(6), rows.getString(7),
						rows.getObject(8, OffsetDateTime.class).toInstant(),
						rows.getObject(9, OffsetDateTime.class).toInstant(), rows.getString(10), rows.getString(11),
						rows.getLong(12), rows.getString(13), instant(rows, 14), instant(rows, 15));
				users.add(current);
			}
			String tag = rows.getString(16);
			if (tag != null) {
				tags.add(tag);
			}
		}
		if (current != null) {
			current.setTags(tags);
		}
		return users;
	}

	private static Instant instant(ResultSet rows, int column) throws SQLException {
		OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
