package dev.userdirectory.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxItems the most users one CreateUsers stream may carry; past it RESOURCE_EXHAUSTED
 * @param maxResponseUsers the response lists the created users only up to this many, so that it
 * stays within clients' default 4 MiB message limit; beyond, only created_count is set
 */
@ConfigurationProperties("users.bulk")
public record BulkCreateProperties(int maxItems, int maxResponseUsers) {
}
