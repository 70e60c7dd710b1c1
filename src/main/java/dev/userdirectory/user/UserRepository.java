package dev.userdirectory.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface UserRepository extends JpaRepository<UserEntity, UUID> {

	Optional<UserEntity> findByCreateRequestId(String createRequestId);

	boolean existsByEmail(String email);

	boolean existsByEmailAndIdNot(String email, UUID id);

	@Query("select u.email from UserEntity u where u.email in :emails")
	List<String> findExistingEmails(@Param("emails") Collection<String> emails);

	@Query("select u.createRequestId from UserEntity u where u.createRequestId in :requestIds")
	List<String> findExistingRequestIds(@Param("requestIds") Collection<String> requestIds);

}
