package dev.userdirectory.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Soft delete (AIP-164).
 *
 * @param retention how long a deleted user can be restored with UndeleteUser before it is
 * purged for good
 * @param purgeInterval how often each replica looks for deleted users whose retention has
 * ended
 * @param purgeBatchSize users purged per transaction
 */
@ConfigurationProperties("users.deletion")
public record DeletionProperties(@DefaultValue("30d") Duration retention, @DefaultValue("1m") Duration purgeInterval,
		@DefaultValue("100") int purgeBatchSize) {
}
