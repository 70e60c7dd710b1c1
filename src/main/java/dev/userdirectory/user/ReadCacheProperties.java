package dev.userdirectory.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize how much of the heap GetUser answers may take (their encoded size plus a
 * little per entry; about 1 KiB for a user with a short bio); 0 turns the cache off
 * @param ttl the longest an entry is kept, a bound on staleness should a change notice
 * ever be lost
 */
@ConfigurationProperties("users.read-cache")
public record ReadCacheProperties(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("10m") Duration ttl) {
}
