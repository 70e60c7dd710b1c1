package dev.userdirectory.changefeed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often each replica looks for changes made elsewhere in case no
 * notification woke it (see users.replicas.notify; local ones are seen at once)
 * @param ringSize how many recent changes each replica keeps in memory for its watchers
 * @param retention how long changes stay resumable; older resume tokens get OUT_OF_RANGE
 * @param retentionCheckInterval how often old changes are deleted
 */
@ConfigurationProperties("users.change-feed")
public record ChangeFeedProperties(@DefaultValue("100ms") Duration pollInterval, @DefaultValue("10000") int ringSize,
		@DefaultValue("7d") Duration retention, @DefaultValue("10m") Duration retentionCheckInterval) {
}
