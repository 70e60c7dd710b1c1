package dev.userdirectory.replicas;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled on PostgreSQL, whether commits wake the other replicas' watch, chat and
 * edit streams with NOTIFY, each replica listening on one connection of its own; when
 * false (and always on H2) streams on other replicas get rows at their next poll
 * @param reconnectDelay how long the listener waits before reconnecting after losing its
 * connection, doubled after each failed attempt
 * @param maxReconnectDelay the longest wait between reconnect attempts
 * @param checkInterval how long the listening connection may stay quiet before it is
 * checked with a query, so that a connection dead without a word is noticed
 */
@ConfigurationProperties("users.replicas.notify")
public record ReplicaNotifyProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("100ms") Duration reconnectDelay, @DefaultValue("5s") Duration maxReconnectDelay,
		@DefaultValue("10s") Duration checkInterval) {
}
