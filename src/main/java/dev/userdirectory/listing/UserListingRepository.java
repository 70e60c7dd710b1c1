package dev.userdirectory.listing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * A keyset page is "after (key, id)" in (key, id) order, both ascending or both
 * descending. Asked as one query with an OR, the database scans every user with that key
 * from the first one on, and many users share a key: those created by one CreateUsers
 * share their instant (100,000 of them made listing quadratic), and names and ages
 * repeat. As two queries, "same key, id after" then "key after", each range-scans the
 * (key, id) index from exactly where the page starts. Each filter gets its own statement
 * text rather than "(? is null or ...)", so the database plans each condition as what it
 * is.
 */
@Repository
class UserListingRepository {

	private static final ResultSetExtractor<List<UserEntity>> USERS = UserRows::read;

	private final JdbcClient jdbc;

	UserListingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} users of {@code query} after {@code position} (from the first
	 * when empty), in the query's order.
	 */
	List<UserEntity> after(ListingQuery query, Optional<PageToken> position, int limit) {
		PageSource source = PageSource.of(query);
		if (position.isEmpty()) {
			return query(query, source, "1 = 1", List.of(), null, position, limit);
		}
		PageToken start = position.get();
		String after = query.order().descending() ? "<" : ">";
		// Tag probes repeat the id bound: PostgreSQL merge-joins the users of one key
		// with the tag's (tag, user_id) index in id order, and without the bound it
		// walked that index from its first entry for every chunk (quadratic again).
		List<UserEntity> users = query(query, source,
				source.keyColumn() + " = ? and " + source.idColumn() + " " + after + " ?",
				List.of(sqlValue(start.sortKey()), start.id()), after, position, limit);
		if (users.size() == limit) {
			return users;
		}
		List<UserEntity> all = new ArrayList<>(users);
		all.addAll(query(query, source, source.keyColumn() + " " + after + " ?", List.of(sqlValue(start.sortKey())),
				null, position, limit - users.size()));
		return all;
	}

	private List<UserEntity> query(ListingQuery query, PageSource source, String keyset, List<Object> keysetParams,
			String tagIdBound, Optional<PageToken> position, int limit) {
		List<Object> params = new ArrayList<>(source.params());
		params.addAll(keysetParams);
		StringBuilder where = new StringBuilder(source.condition()).append(" and ").append(keyset);
		if (!query.showDeleted()) {
			where.append(" and u.delete_time is null");
		}
		if (!(source.rest() instanceof UserFilter.All)) {
			where.append(" and ")
				.append(FilterSql.render(source.rest(), params, tagIdBound, position.map(PageToken::id).orElse(null)));
		}
		// The limit is part of the text, not a parameter: PostgreSQL's generic plan for a
		// prepared statement would not know it is a few hundred rows and hash-joined
		// every tag.
		String users = "select " + UserRows.COLUMNS + " from " + source.from() + " where " + where + " order by "
				+ source.orderBy(query.order()) + " limit " + limit;
		return AnnotationRows.attachTo(
				this.jdbc.sql(UserRows.withTags(users, query.order().sql("p"))).params(params).query(USERS), this.jdbc);
	}

	private static Object sqlValue(Object sortKey) {
		return (sortKey instanceof Instant instant) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : sortKey;
	}

}
