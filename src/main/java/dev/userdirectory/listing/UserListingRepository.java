package dev.userdirectory.listing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.user.UserEntity;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface UserListingRepository extends Repository<UserEntity, UUID> {

	/*
	 * A keyset page is "after (createdAt, id)" in (created_at, id) order. Asked as one query with an
	 * OR, the database scans every user created at that instant from the first one on, and users
	 * created by one CreateUsers share their instant: 100,000 of them made listing quadratic. As
	 * two queries each range-scans the (created_at, id) index from exactly where the page starts.
	 */

	/**
	 * The users created at {@code createdAt} with an id after {@code id}, by id. Ordered by both
	 * columns although one is fixed: then the index gives the order, instead of a sort of them all.
	 */
	@Query("""
			select u from UserEntity u
			where u.createdAt = :createdAt and u.id > :id
			  and (:status is null or u.status = :status)
			  and (:tag is null or :tag member of u.tags)
			order by u.createdAt, u.id
			""")
	List<UserEntity> findSameInstantAfter(@Param("createdAt") Instant createdAt, @Param("id") UUID id,
			@Param("status") UserEntity.Status status, @Param("tag") String tag, Limit limit);

	/** The users created after {@code createdAt}, in (created_at, id) order. */
	@Query("""
			select u from UserEntity u
			where u.createdAt > :createdAt
			  and (:status is null or u.status = :status)
			  and (:tag is null or :tag member of u.tags)
			order by u.createdAt, u.id
			""")
	List<UserEntity> findCreatedAfter(@Param("createdAt") Instant createdAt, @Param("status") UserEntity.Status status,
			@Param("tag") String tag, Limit limit);

}
