package dev.userdirectory.user;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<UserEntity, UUID> {

	Optional<UserEntity> findByCreateRequestId(String createRequestId);

	boolean existsByEmail(String email);

	boolean existsByEmailAndIdNot(String email, UUID id);

}
