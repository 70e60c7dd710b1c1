package dev.userdirectory.server;

import io.grpc.netty.NettyServerBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/** The limits Spring Boot's gRPC properties do not cover. */
@Configuration(proxyBeanMethods = false)
class GrpcServerLimits {

	/** One connection cannot monopolise the server with unbounded concurrent streams. */
	@Bean
	ServerBuilderCustomizer<NettyServerBuilder> maxConcurrentCallsPerConnection(GrpcServerProperties properties) {
		return (builder) -> builder.maxConcurrentCallsPerConnection(properties.maxConcurrentCallsPerConnection());
	}

}
