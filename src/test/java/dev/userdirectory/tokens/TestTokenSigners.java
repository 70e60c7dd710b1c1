package dev.userdirectory.tokens;

import java.util.Base64;

/** A {@link TokenSigner} with a key of the test's own, no database behind it. */
public final class TestTokenSigners {

	private TestTokenSigners() {
	}

	public static TokenSigner withKey(byte[] key) {
		return new TokenSigner(null, new TokenSigningProperties(Base64.getEncoder().encodeToString(key)));
	}

}
