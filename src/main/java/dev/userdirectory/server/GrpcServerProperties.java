package dev.userdirectory.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the service adds to Spring Boot's {@code spring.grpc.server.*}.
 *
 * @param maxConcurrentCallsPerConnection streams one client connection may have open at
 * once (HTTP/2 MAX_CONCURRENT_STREAMS)
 * @param callThreads threads that run call handlers: at most this many calls block on the
 * database at once, the rest wait in the queue (see {@link GrpcCallExecutor})
 */
@ConfigurationProperties("users.grpc")
public record GrpcServerProperties(@DefaultValue("1000") int maxConcurrentCallsPerConnection,
		@DefaultValue("64") int callThreads) {
}
