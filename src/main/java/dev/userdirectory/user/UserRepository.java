package dev.userdirectory.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface UserRepository extends JpaRepository<UserEntity, UUID> {

	Optional<UserEntity> findByCreateRequestId(String createRequestId);

	/**
	 * The user with its row locked until the transaction ends: writers of one user queue
	 * here and each sees the one before it, so a write without an etag never loses a
	 * race.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select u from UserEntity u where u.id = :id")
	Optional<UserEntity> findForWriteById(@Param("id") UUID id);

	boolean existsByEmail(String email);

	boolean existsByExternalId(String externalId);

	boolean existsByExternalIdAndIdNot(String externalId, UUID id);

	@Query("select u.externalId from UserEntity u where u.externalId in :externalIds")
	List<String> findExistingExternalIds(@Param("externalIds") Collection<String> externalIds);

	boolean existsByEmailAndIdNot(String email, UUID id);

	@Query("select u.email from UserEntity u where u.email in :emails")
	List<String> findExistingEmails(@Param("emails") Collection<String> emails);

	@Query("select u.createRequestId from UserEntity u where u.createRequestId in :requestIds")
	List<String> findExistingRequestIds(@Param("requestIds") Collection<String> requestIds);

}
