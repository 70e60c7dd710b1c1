package dev.userdirectory.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients keep etags across the service's releases and restarts, so an etag is a fixed
 * function of the user's id and version: the first 12 bytes of SHA-256("id:version") in
 * lower-case hex (the expected values here were computed outside Java).
 */
class UserEntityEtagTests {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	@Test
	void anEtagIsTheSameFunctionOfIdAndVersionInEveryRelease() {
		assertThat(user(3).etag()).isEqualTo("be546a6af4d1c8d622ce330e");
		assertThat(user(4).etag()).isEqualTo("29fa66f1033e3c627cbb267c");
	}

	@Test
	void etagsComputedOnManyThreadsAtOnceAreEachRight() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				long version = 3 + (i % 2);
				String expected = (version == 3) ? "be546a6af4d1c8d622ce330e" : "29fa66f1033e3c627cbb267c";
				results.add(threads.submit(() -> {
					for (int repeat = 0; repeat < 2_000; repeat++) {
						if (!user(version).etag().equals(expected)) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static UserEntity user(long version) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		return UserEntity.restored(ID, "ada@example.com", "Ada", 36, UserEntity.Status.ACTIVE, "", "", now, now, "dev",
				"dev", version, null, null, null);
	}

}
