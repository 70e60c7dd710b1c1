package dev.userdirectory.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenSignerTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private final TokenSigner signer = new TokenSigner(null, new TokenSigningProperties(KEY));

	@Test
	void verifiesWhatItSignedAndNothingElse() {
		byte[] payload = "page after user 42".getBytes(StandardCharsets.UTF_8);
		String token = this.signer.sign(payload);

		assertThat(this.signer.verify(token)).hasValue(payload);
		String tampered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
		assertThat(this.signer.verify(tampered)).isEmpty();
		assertThat(this.signer.verify("")).isEmpty();
		assertThat(this.signer.verify("!!not base64!!")).isEmpty();
	}

	@Test
	void anotherKeyDoesNotAcceptTheToken() {
		String token = this.signer.sign(new byte[] { 1, 2, 3 });
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		TokenSigner other = new TokenSigner(null,
				new TokenSigningProperties(Base64.getEncoder().encodeToString(otherKey)));

		assertThat(other.verify(token)).isEmpty();
	}

	@Test
	void refusesAConfiguredKeyShorterThan32Bytes() {
		assertThatIllegalStateException().isThrownBy(() -> new TokenSigner(null,
				new TokenSigningProperties(Base64.getEncoder().encodeToString(new byte[16]))));
	}

}
