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

	/**
	 * Keyset page: the users after (createdAt, id) in (created_at, id) order. The redundant
	 * {@code createdAt >=} lets the database range-scan the (created_at, id) index; the OR alone
	 * makes it scan and sort the whole table for every page.
	 */
	@Query("""
			select u from UserEntity u
			where u.createdAt >= :createdAt
			  and (u.createdAt > :createdAt or u.id > :id)
			  and (:status is null or u.status = :status)
			  and (:tag is null or :tag member of u.tags)
			order by u.createdAt, u.id
			""")
	List<UserEntity> findAfter(@Param("createdAt") Instant createdAt, @Param("id") UUID id,
			@Param("status") UserEntity.Status status, @Param("tag") String tag, Limit limit);

}
