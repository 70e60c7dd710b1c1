package dev.userdirectory.security;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestCertificates;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;

/**
 * TLS on the gRPC port from a Spring Boot SSL bundle; subclasses choose the client-auth
 * mode.
 */
abstract class AbstractGrpcTlsTests extends AbstractGrpcIntegrationTests {

	static final GetUserRequest GET_UNKNOWN_USER = GetUserRequest.newBuilder()
		.setId(UUID.randomUUID().toString())
		.build();

	static void serverBundle(DynamicPropertyRegistry registry, String clientAuth) {
		String bundle = "spring.ssl.bundle.jks.grpc-server.";
		registry.add(bundle + "keystore.location", () -> "file:" + TestCertificates.file("server.p12"));
		registry.add(bundle + "keystore.password", () -> TestCertificates.PASSWORD);
		registry.add(bundle + "keystore.type", () -> "PKCS12");
		registry.add(bundle + "truststore.location", () -> "file:" + TestCertificates.file("server-trust.p12"));
		registry.add(bundle + "truststore.password", () -> TestCertificates.PASSWORD);
		registry.add(bundle + "truststore.type", () -> "PKCS12");
		registry.add("spring.grpc.server.ssl.bundle", () -> "grpc-server");
		registry.add("spring.grpc.server.ssl.client-auth", () -> clientAuth);
	}

	ManagedChannel tlsChannel(boolean presentClientCertificate) throws Exception {
		SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(TestCertificates.clientTrustManager());
		if (presentClientCertificate) {
			ssl.keyManager(TestCertificates.clientKeyManager());
		}
		return NettyChannelBuilder.forAddress("localhost", this.grpcPort).sslContext(ssl.build()).build();
	}

	static void assertServed(ManagedChannel channel) {
		// NOT_FOUND is the service's own answer: TLS and the token both got through.
		assertFails(Status.Code.NOT_FOUND, () -> call(channel));
	}

	static void assertRefused(ManagedChannel channel) {
		io.grpc.StatusRuntimeException error = org.junit.jupiter.api.Assertions
			.assertThrows(io.grpc.StatusRuntimeException.class, () -> call(channel));
		org.assertj.core.api.Assertions.assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	private static void call(ManagedChannel channel) {
		UserServiceGrpc.newBlockingStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.getUser(GET_UNKNOWN_USER);
	}

	static void close(ManagedChannel channel) throws InterruptedException {
		channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
