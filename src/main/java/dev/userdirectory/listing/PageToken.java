package dev.userdirectory.listing;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.tokens.TokenSigner;

/**
 * Where the next page starts: right after the user with this (created_at, id), for the
 * filter whose fingerprint it carries. Signed, so a forged or corrupted token is refused.
 */
record PageToken(Instant createdAt, UUID id, int filterFingerprint) {

	private static final byte VERSION = 1;

	String encode(TokenSigner signer) {
		ByteBuffer payload = ByteBuffer.allocate(1 + 8 + 4 + 16 + 4)
			.put(VERSION)
			.putLong(this.createdAt.getEpochSecond())
			.putInt(this.createdAt.getNano())
			.putLong(this.id.getMostSignificantBits())
			.putLong(this.id.getLeastSignificantBits())
			.putInt(this.filterFingerprint);
		return signer.sign(payload.array());
	}

	static PageToken decode(String token, TokenSigner signer, UserFilter filter) {
		byte[] payload = signer.verify(token).orElseThrow(() -> invalid("is not a page token issued by this service"));
		try {
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			if (buffer.get() != VERSION || payload.length != 1 + 8 + 4 + 16 + 4) {
				throw invalid("is not a page token issued by this service");
			}
			PageToken decoded = new PageToken(Instant.ofEpochSecond(buffer.getLong(), buffer.getInt()),
					new UUID(buffer.getLong(), buffer.getLong()), buffer.getInt());
			if (decoded.filterFingerprint != filter.fingerprint()) {
				throw invalid("was issued for a different filter; pass the same filter as the first request");
			}
			return decoded;
		}
		catch (BufferUnderflowException | java.time.DateTimeException ex) {
			throw invalid("is not a page token issued by this service");
		}
	}

	private static ApiException invalid(String description) {
		return ApiException.invalid("page_token", description);
	}

}
