package dev.userdirectory.listing;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.tokens.TokenSigner;

/**
 * Where the next page starts: right after the user with this (sort key, id) in the order
 * of the query whose fingerprint it carries. The sort key is an {@link Instant}, a
 * {@link String} or an {@link Integer}, as the order's {@link UserOrder.Key} reads it.
 * Signed, so a forged or corrupted token is refused.
 */
record PageToken(UserOrder.Key key, Object sortKey, UUID id, int queryFingerprint) {

	private static final byte VERSION = 2;

	String encode(TokenSigner signer) {
		byte[] value = sortKeyBytes();
		ByteBuffer payload = ByteBuffer.allocate(1 + 1 + value.length + 16 + 4)
			.put(VERSION)
			.put((byte) this.key.ordinal())
			.put(value)
			.putLong(this.id.getMostSignificantBits())
			.putLong(this.id.getLeastSignificantBits())
			.putInt(this.queryFingerprint);
		return signer.sign(payload.array());
	}

	private byte[] sortKeyBytes() {
		if (this.sortKey instanceof Instant instant) {
			return ByteBuffer.allocate(12).putLong(instant.getEpochSecond()).putInt(instant.getNano()).array();
		}
		if (this.sortKey instanceof Integer number) {
			return ByteBuffer.allocate(4).putInt(number).array();
		}
		byte[] text = ((String) this.sortKey).getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).array();
	}

	static PageToken decode(String token, TokenSigner signer, ListingQuery query) {
		byte[] payload = signer.verify(token).orElseThrow(() -> invalid("is not a page token issued by this service"));
		try {
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			if (buffer.get() != VERSION) {
				throw invalid("is not a page token issued by this service");
			}
			int keyIndex = buffer.get();
			if (keyIndex < 0 || keyIndex >= UserOrder.Key.values().length) {
				throw invalid("is not a page token issued by this service");
			}
			UserOrder.Key key = UserOrder.Key.values()[keyIndex];
			Object sortKey = readSortKey(key, buffer);
			PageToken decoded = new PageToken(key, sortKey, new UUID(buffer.getLong(), buffer.getLong()),
					buffer.getInt());
			if (buffer.hasRemaining()) {
				throw invalid("is not a page token issued by this service");
			}
			if (decoded.queryFingerprint != query.fingerprint() || key != query.order().key()) {
				throw invalid("was issued for a different filter, order_by or show_deleted; "
						+ "pass the same ones as the first request");
			}
			return decoded;
		}
		catch (BufferUnderflowException | IllegalArgumentException | DateTimeException ex) {
			throw invalid("is not a page token issued by this service");
		}
	}

	private static Object readSortKey(UserOrder.Key key, ByteBuffer buffer) {
		if (key.isTime()) {
			return Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
		}
		if (key == UserOrder.Key.AGE) {
			return buffer.getInt();
		}
		int length = buffer.getInt();
		if (length < 0 || length > buffer.remaining()) {
			throw new BufferUnderflowException();
		}
		byte[] text = new byte[length];
		buffer.get(text);
		return new String(text, StandardCharsets.UTF_8);
	}

	private static ApiException invalid(String description) {
		return ApiException.invalid("page_token", description);
	}

}
