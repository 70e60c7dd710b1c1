package dev.userdirectory.user;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads many users by id in two statements (users with their tags, then annotations),
 * where JPA would load each user's collections with statements of their own.
 */
@Component
class UserBatchReader {

	private static final String BY_IDS = "select " + UserRows.COLUMNS
			+ " from users u where u.id in (:ids) order by u.created_at, u.id";

	private final JdbcClient jdbc;

	UserBatchReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The stored users among {@code ids} (at most 1000, what every database accepts in an
	 * IN list), deleted ones included, in no particular order.
	 */
	List<UserEntity> read(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<UserEntity> users = this.jdbc.sql(UserRows.withTags(BY_IDS)).param("ids", ids).query(UserRows::read);
		return AnnotationRows.attachTo(users, this.jdbc);
	}

}
