package dev.userdirectory.listing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.user.AnnotationRows;
import dev.userdirectory.user.UserEntity;
import dev.userdirectory.user.UserRows;

import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The keyset queries behind ListUsers, in plain SQL (see {@link UserRows} for why not
 * JPA).
 *
 * <p>
 * A keyset page is "after (createdAt, id)" in (created_at, id) order. Asked as one query
 * with an OR, the database scans every user created at that instant from the first one
 * on, and users created by one CreateUsers share their instant: 100,000 of them made
 * listing quadratic. As two queries each range-scans the (created_at, id) index from
 * exactly where the page starts. Each filter gets its own statement text rather than "(?
 * is null or ...)", so the database plans the tag condition as what it is: a probe of the
 * (tag, user_id) index for each candidate user.
 */
@Repository
class UserListingRepository {

	private static final ResultSetExtractor<List<UserEntity>> USERS = UserRows::read;

	private final JdbcClient jdbc;

	UserListingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} users after {@code (createdAt, id)} that match {@code filter},
	 * in order.
	 */
	List<UserEntity> after(Instant createdAt, UUID id, UserFilter filter, int limit) {
		OffsetDateTime at = OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC);
		List<Object> sameInstant = new ArrayList<>(List.of(at, id));
		// The tag condition repeats the id bound: PostgreSQL merge-joins the users of one
		// instant
		// with the tag's (tag, user_id) index in id order, and without the bound it
		// walked that
		// index from its first entry for every chunk (quadratic again).
		List<UserEntity> users = query("u.created_at = ? and u.id > ?", sameInstant, " and f.user_id > ?", id, filter,
				limit);
		if (users.size() == limit) {
			return users;
		}
		List<UserEntity> all = new ArrayList<>(users);
		all.addAll(query("u.created_at > ?", new ArrayList<>(List.of(at)), "", null, filter, limit - users.size()));
		return all;
	}

	private List<UserEntity> query(String position, List<Object> params, String tagBound, Object tagBoundValue,
			UserFilter filter, int limit) {
		StringBuilder where = new StringBuilder(position).append(" and u.delete_time is null");
		filter.status().ifPresent((status) -> {
			where.append(" and u.status = ?");
			params.add(status.name());
		});
		filter.tag().ifPresent((tag) -> {
			where
				.append(" and exists (select 1 from user_tags f where f.tag = ? and f.user_id = u.id" + tagBound + ")");
			params.add(tag);
			if (tagBoundValue != null) {
				params.add(tagBoundValue);
			}
		});
		// The limit is part of the text, not a parameter: PostgreSQL's generic plan for a
		// prepared statement would not know it is a few hundred rows and hash-joined
		// every tag.
		String users = "select " + UserRows.COLUMNS + " from users u where " + where
				+ " order by u.created_at, u.id limit " + limit;
		return AnnotationRows.attachTo(this.jdbc.sql(UserRows.withTags(users)).params(params).query(USERS), this.jdbc);
	}

}
