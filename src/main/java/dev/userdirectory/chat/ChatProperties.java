package dev.userdirectory.chat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often each replica looks for messages posted through other
 * replicas in case no notification woke it (see users.replicas.notify)
 * @param ringSize how many recent messages each replica keeps in memory for its
 * participants
 * @param maxLag a participant more than this many messages (of all rooms) behind is
 * dropped with RESOURCE_EXHAUSTED, so one that stops reading cannot hold anything up
 */
@ConfigurationProperties("users.chat")
public record ChatProperties(@DefaultValue("100ms") Duration pollInterval, @DefaultValue("10000") int ringSize,
		@DefaultValue("1000") int maxLag) {
}
