package dev.userdirectory.client;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Puts {@code authorization: Bearer <token>} on every attempt of every call. As call
 * credentials (not a header interceptor) the token is asked for on gRPC's application
 * executor, so a token source that must fetch from an OAuth2 provider never blocks a
 * Netty thread, and each retry attempt gets a token that is still valid.
 */
final class BearerTokenCredentials extends CallCredentials {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Supplier<String> tokens;

	BearerTokenCredentials(Supplier<String> tokens) {
		this.tokens = tokens;
	}

	@Override
	public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
		appExecutor.execute(() -> {
			try {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, "Bearer " + this.tokens.get());
				applier.apply(headers);
			}
			catch (RuntimeException failure) {
				// UNAUTHENTICATED is never retried: a provider that refuses us will not
				// change its mind.
				applier.fail(Status.UNAUTHENTICATED.withDescription("could not obtain a token: " + failure.getMessage())
					.withCause(failure));
			}
		});
	}

}
