package dev.userdirectory.edit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often each replica looks for edits applied through other
 * replicas in case no notification woke it (see users.replicas.notify)
 * @param ringSize how many recent edits each replica keeps in memory for its editors
 * @param maxLag an editor this many edits (of all documents) behind is dropped with
 * RESOURCE_EXHAUSTED
 */
@ConfigurationProperties("users.edit")
public record EditProperties(@DefaultValue("100ms") Duration pollInterval, @DefaultValue("10000") int ringSize,
		@DefaultValue("5000") int maxLag) {
}
