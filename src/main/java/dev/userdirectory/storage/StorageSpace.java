package dev.userdirectory.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The free space on the disk of the embedded database, measured on a schedule so a call
 * only reads a flag. Below {@link StorageProperties#minFreeSpace()} writes are refused
 * before they start: H2 that runs out of disk in the middle of a write closes the whole
 * database, reads included, so it must never get there.
 * <p>
 * As a health indicator (in the readiness group) it reports {@code STORAGE_FULL} with the
 * figures, which the HTTP readiness endpoint answers with 200: the replica still serves
 * reads, so it stays in the load balancer while it says why writes fail.
 */
@Component("storage")
public class StorageSpace implements HealthIndicator {

	static final Status STORAGE_FULL = new Status("STORAGE_FULL", "writes are refused until space is freed");

	private static final Logger log = LoggerFactory.getLogger(StorageSpace.class);

	private final Optional<Path> directory;

	private final long minFreeBytes;

	private final ScheduledExecutorService schedule;

	private volatile long freeBytes = Long.MAX_VALUE;

	StorageSpace(StorageProperties properties, DataSourceProperties dataSource) {
		this.directory = Optional.ofNullable(properties.path()).or(() -> h2Directory(dataSource.getUrl()));
		this.minFreeBytes = properties.minFreeSpace().toBytes();
		this.schedule = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "storage-space");
			thread.setDaemon(true);
			return thread;
		});
		if (this.directory.isPresent()) {
			measure();
			long period = properties.checkInterval().toMillis();
			this.schedule.scheduleWithFixedDelay(this::measure, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/** Whether a write may start now. */
	public boolean writesAllowed() {
		return this.freeBytes >= this.minFreeBytes;
	}

	@Override
	public Health health() {
		if (this.directory.isEmpty()) {
			return Health.up().withDetail("watched", "nothing: the database is not on this replica's disk").build();
		}
		Health.Builder health = writesAllowed() ? Health.up() : Health.status(STORAGE_FULL);
		return health.withDetail("path", this.directory.get().toString())
			.withDetail("free", DataSize.ofBytes(this.freeBytes).toMegabytes() + "MB")
			.withDetail("writesRefusedBelow", DataSize.ofBytes(this.minFreeBytes).toMegabytes() + "MB")
			.build();
	}

	private void measure() {
		boolean allowedBefore = writesAllowed();
		try {
			Path path = this.directory.get();
			this.freeBytes = Files.getFileStore(Files.exists(path) ? path : path.toAbsolutePath().getParent())
				.getUsableSpace();
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not measure the free space under {}: {}", this.directory.get(), ex.getMessage());
			return;
		}
		if (allowedBefore && !writesAllowed()) {
			log.error(
					"Refusing writes: {} MB free under {}, fewer than the {} MB users.storage.min-free-space asks for;"
							+ " free space to resume",
					this.freeBytes / (1024 * 1024), this.directory.get(), this.minFreeBytes / (1024 * 1024));
		}
		else if (!allowedBefore && writesAllowed()) {
			log.info("Accepting writes again: {} MB free under {}", this.freeBytes / (1024 * 1024),
					this.directory.get());
		}
	}

	@PreDestroy
	void stop() {
		this.schedule.shutdownNow();
	}

	/**
	 * The directory of an H2 file database URL ({@code jdbc:h2:file:./data/users;...}
	 * gives ./data).
	 */
	static Optional<Path> h2Directory(String url) {
		if (url == null || !url.startsWith("jdbc:h2:")) {
			return Optional.empty();
		}
		String location = url.substring("jdbc:h2:".length()).split(";", 2)[0];
		if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")) {
			return Optional.empty();
		}
		if (location.startsWith("file:")) {
			location = location.substring("file:".length());
		}
		Path file = Path
			.of(location.startsWith("~") ? System.getProperty("user.home") + location.substring(1) : location);
		return Optional.of(file.toAbsolutePath().normalize().getParent());
	}

}
