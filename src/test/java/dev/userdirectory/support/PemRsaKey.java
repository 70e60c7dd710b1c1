package dev.userdirectory.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.jwk.RSAKey;

/**
 * An RSA signing key from a PKCS#8 PEM file (what {@code openssl genpkey} writes), for
 * signing tokens that a service configured with the matching {@code public-key-location}
 * accepts. Read with the JDK alone: Nimbus's PEM parser needs Bouncy Castle, which the
 * build does not have.
 */
public final class PemRsaKey {

	private PemRsaKey() {
	}

	public static RSAKey read(Path privateKeyPem, String keyId) throws IOException {
		String pem = Files.readString(privateKeyPem, StandardCharsets.US_ASCII);
		if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new IllegalArgumentException(privateKeyPem + " is not a PKCS#8 PEM private key");
		}
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			// The public half is in the private key's CRT parameters; no second file
			// needed.
			RSAPublicKey publicKey = (RSAPublicKey) rsa
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(keyId).build();
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException(privateKeyPem + " is not an RSA private key", ex);
		}
	}

}
