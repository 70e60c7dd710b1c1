package dev.userdirectory.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/backup}: an online backup of the embedded H2 database, users and
 * their data blobs in one zip file, taken while the service serves. H2's {@code BACKUP}
 * copies the store with its log, so the copy is transactionally consistent without
 * locking writers out. Only a caller whose token has the {@code users.admin} scope may
 * run it (see SecurityConfiguration). For PostgreSQL the answer is 409: back it up with
 * the database's own tools (docs/durability.md).
 */
@Component
@Endpoint(id = "backup")
class BackupEndpoint {

	private static final Logger log = LoggerFactory.getLogger(BackupEndpoint.class);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final JdbcTemplate jdbc;

	private final BackupProperties properties;

	private final boolean embeddedH2;

	private final Clock clock;

	BackupEndpoint(JdbcTemplate jdbc, BackupProperties properties, DataSourceProperties dataSource, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.embeddedH2 = StorageSpace.h2Directory(dataSource.getUrl()).isPresent();
		this.clock = clock;
	}

	@WriteOperation
	WebEndpointResponse<Map<String, Object>> backup() throws IOException {
		if (!this.embeddedH2) {
			return new WebEndpointResponse<>(Map.of("error",
					"this endpoint backs up the embedded H2 database; back up PostgreSQL with pg_dump or"
							+ " point-in-time recovery"),
					409);
		}
		Files.createDirectories(this.properties.directory());
		Path file = this.properties.directory()
			.resolve("users-" + FILE_TIME.format(this.clock.instant()) + ".zip")
			.toAbsolutePath();
		long started = System.nanoTime();
		// The path is ours, never the caller's: nothing outside the backup directory can
		// be named.
		this.jdbc.execute("BACKUP TO '" + file.toString().replace("'", "''") + "'");
		long tookMs = (System.nanoTime() - started) / 1_000_000;
		long size = Files.size(file);
		log.info("Backed up the database to {} ({} bytes, {} ms)", file, size, tookMs);
		return new WebEndpointResponse<>(Map.of("file", file.toString(), "sizeBytes", size, "tookMs", tookMs));
	}

}
