package dev.userdirectory.user;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.userdirectory.api.v1.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class UserReadCacheTests {

	private final UUID id = UUID.randomUUID();

	private final AtomicInteger loads = new AtomicInteger();

	private UserReadCache cache(DataSize size) {
		return new UserReadCache(new ReadCacheProperties(size, Duration.ofMinutes(10)), new SimpleMeterRegistry());
	}

	private User load(String name) {
		this.loads.incrementAndGet();
		return User.newBuilder().setId(this.id.toString()).setName(name).build();
	}

	@Test
	void aReadUserIsAnsweredWithoutLoadingAgain() {
		UserReadCache cache = cache(DataSize.ofMegabytes(1));
		cache.get(this.id, (key) -> load("v1"));

		assertThat(cache.get(this.id, (key) -> load("v2")).getName()).isEqualTo("v1");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aChangedUserIsLoadedAgain() {
		UserReadCache cache = cache(DataSize.ofMegabytes(1));
		cache.get(this.id, (key) -> load("v1"));

		cache.changed(this.id);

		assertThat(cache.get(this.id, (key) -> load("v2")).getName()).isEqualTo("v2");
	}

	@Test
	void aLoadDuringWhichTheUserChangedIsNotKept() {
		UserReadCache cache = cache(DataSize.ofMegabytes(1));
		// The load read the database before the change committed: what it read is already
		// old.
		User old = cache.get(this.id, (key) -> {
			User read = load("v1");
			cache.changed(this.id);
			return read;
		});
		assertThat(old.getName()).isEqualTo("v1");

		assertThat(cache.get(this.id, (key) -> load("v2")).getName()).isEqualTo("v2");
	}

	@Test
	void changedAllForgetsEveryUser() {
		UserReadCache cache = cache(DataSize.ofMegabytes(1));
		UUID other = UUID.randomUUID();
		cache.get(this.id, (key) -> load("v1"));
		cache.get(other, (key) -> load("other"));

		cache.changedAll();

		cache.get(this.id, (key) -> load("v2"));
		cache.get(other, (key) -> load("other"));
		assertThat(this.loads).hasValue(4);
	}

	@Test
	void sizeZeroKeepsNothing() {
		UserReadCache cache = cache(DataSize.ofBytes(0));
		cache.get(this.id, (key) -> load("v1"));
		cache.get(this.id, (key) -> load("v1"));
		assertThat(this.loads).hasValue(2);
	}

}
