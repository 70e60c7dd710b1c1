package dev.userdirectory.changefeed;

import java.nio.ByteBuffer;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.tokens.TokenSigner;

import org.springframework.stereotype.Component;

/**
 * Resume tokens: the seq of a change, signed so that only tokens the service issued
 * resume.
 */
@Component
class ResumeTokens {

	private static final byte VERSION = 1;

	private final TokenSigner signer;

	ResumeTokens(TokenSigner signer) {
		this.signer = signer;
	}

	String encode(long seq) {
		return this.signer.sign(ByteBuffer.allocate(9).put(VERSION).putLong(seq).array());
	}

	long decode(String token) {
		byte[] payload = this.signer.verify(token)
			.orElseThrow(() -> ApiException.invalid("resume_token", "is not a resume token issued by this service"));
		if (payload.length != 9 || payload[0] != VERSION) {
			throw ApiException.invalid("resume_token", "is not a resume token issued by this service");
		}
		return ByteBuffer.wrap(payload, 1, 8).getLong();
	}

}
