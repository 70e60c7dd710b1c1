package dev.userdirectory.changefeed;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserChangeRepository extends JpaRepository<UserChangeEntity, Long> {

}
