package dev.userdirectory.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param directory where {@code POST /actuator/backup} writes the embedded database's backups */
@ConfigurationProperties("users.backup")
public record BackupProperties(Path directory) {
}
