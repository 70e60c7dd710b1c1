package dev.userdirectory.user;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.changefeed.UserChangeListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * GetUser answers, kept until the user changes: evicted when a change commits on this
 * replica (before the writer's response), and when the change feed brings another
 * replica's change (within one poll, {@code users.change-feed.poll-interval}). Misses are
 * not kept, so a new user is seen at once everywhere. Conditional writes always check the
 * database, so a stale read can never cause a lost update.
 */
@Component
class UserReadCache implements UserChangeListener {

	/** An entry's key, node and object headers, roughly. */
	private static final int OVERHEAD_BYTES = 200;

	private final Cache<UUID, User> users;

	private final boolean enabled;

	/**
	 * Bumped before every eviction: a load that saw it move may have read the database
	 * before the change committed, and is not kept.
	 */
	private final AtomicLong evictions = new AtomicLong();

	UserReadCache(ReadCacheProperties properties, MeterRegistry meters) {
		this.enabled = properties.maxSize().toBytes() > 0;
		this.users = Caffeine.newBuilder()
			.maximumWeight(properties.maxSize().toBytes())
			// Encoded size is memoised by protobuf; objects on the heap take about twice
			// that.
			.weigher((UUID id, User user) -> 2 * user.getSerializedSize() + OVERHEAD_BYTES)
			.expireAfterWrite(properties.ttl())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.users, "users.read");
	}

	User get(UUID id, Function<UUID, User> load) {
		if (!this.enabled) {
			return load.apply(id);
		}
		User cached = this.users.getIfPresent(id);
		if (cached != null) {
			return cached;
		}
		long before = this.evictions.get();
		User loaded = load.apply(id);
		// Same key, so this runs atomically with an eviction of it: either the eviction
		// comes after
		// and removes the entry, or it came before and bumped the counter.
		this.users.asMap().compute(id, (key, current) -> (this.evictions.get() == before) ? loaded : current);
		return loaded;
	}

	@Override
	public void changed(UUID userId) {
		this.evictions.incrementAndGet();
		this.users.invalidate(userId);
	}

	@Override
	public void changedAll() {
		this.evictions.incrementAndGet();
		this.users.invalidateAll();
	}

}
