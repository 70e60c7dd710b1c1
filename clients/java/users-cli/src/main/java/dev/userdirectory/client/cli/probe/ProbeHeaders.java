package dev.userdirectory.client.cli.probe;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.grpc.Metadata;

/**
 * The {@code users.probe.headers} option: {@code key=value} pairs sent as metadata on
 * every call.
 */
final class ProbeHeaders {

	private ProbeHeaders() {
	}

	/**
	 * @throws IllegalArgumentException for an entry without {@code =}, an invalid key, or
	 * a {@code -bin} value that is not base64
	 */
	static Metadata parse(List<String> entries) {
		Metadata metadata = new Metadata();
		for (String entry : entries) {
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("headers: expected key=value, got '" + entry + "'");
			}
			String key = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
			String value = entry.substring(equals + 1).strip();
			try {
				if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
					metadata.put(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER),
							Base64.getDecoder().decode(value));
				}
				else {
					metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
				}
			}
			catch (IllegalArgumentException invalid) {
				throw new IllegalArgumentException("headers: '" + entry + "': " + invalid.getMessage(), invalid);
			}
		}
		return metadata;
	}

}
