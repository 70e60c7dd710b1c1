package dev.userdirectory.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param minFreeSpace writes are refused (RESOURCE_EXHAUSTED, STORAGE_FULL) while the
 * disk under the embedded database has less free space than this, so the database never
 * hits a full disk mid-write; reads go on
 * @param checkInterval how often the free space is measured
 * @param path the directory to watch; by default the embedded H2 database's directory,
 * and nothing for a database elsewhere (PostgreSQL reports a full disk itself)
 */
@ConfigurationProperties("users.storage")
public record StorageProperties(@DefaultValue("64MB") DataSize minFreeSpace, @DefaultValue("1s") Duration checkInterval,
		Path path) {
}
