package dev.userdirectory.support;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Sends {@code authorization: <value>} on every call, as a client of the service does.
 */
public final class BearerToken {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private BearerToken() {
	}

	public static ClientInterceptor of(String token) {
		return header("Bearer " + token);
	}

	public static ClientInterceptor header(String value) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, value);
		return MetadataUtils.newAttachHeadersInterceptor(headers);
	}

}
