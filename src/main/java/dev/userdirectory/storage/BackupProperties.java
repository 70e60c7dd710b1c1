package dev.userdirectory.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param directory where {@code POST /actuator/backup} writes the embedded database's
 * backups
 */
@ConfigurationProperties("users.backup")
public record BackupProperties(@DefaultValue("./backups") Path directory) {
}
