package dev.userdirectory.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the annotations of users that {@link UserRows} read from plain SQL. */
public final class AnnotationRows {

	private AnnotationRows() {
	}

	/**
	 * Adds their annotations to users read by {@link UserRows#read(java.sql.ResultSet)}:
	 * one more query for the whole chunk, since joining them too would multiply each
	 * user's rows by its tags times its annotations.
	 */
	public static List<UserEntity> attachTo(List<UserEntity> users, JdbcClient jdbc) {
		if (users.isEmpty()) {
			return users;
		}
		Map<UUID, Map<String, String>> byUser = new HashMap<>();
		jdbc.sql("select user_id, annotation_key, annotation_value from user_annotations where user_id in (:ids)")
			.param("ids", users.stream().map(UserEntity::getId).toList())
			.query((row) -> {
				byUser.computeIfAbsent(row.getObject(1, UUID.class), (id) -> new TreeMap<>())
					.put(row.getString(2), row.getString(3));
			});
		for (UserEntity user : users) {
			user.setAnnotations(byUser.getOrDefault(user.getId(), Map.of()));
		}
		return users;
	}

}
