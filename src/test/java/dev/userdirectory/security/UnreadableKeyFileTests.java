package dev.userdirectory.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.userdirectory.support.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A key file, damaged or unreadable, is named with the ways out. */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableKeyFileTests {

	@Test
	void aKeyFileThatIsNotAKeyIsNamed(@TempDir Path data, CapturedOutput output) throws IOException {
		Path keyFile = Files.writeString(data.resolve("dev-jwt-signing-key.json"), "not a key");
		String report = FailedStart.report(output, "--users.security.dev.key-file=" + keyFile);
		assertThat(report).contains("The dev profile's signing key " + keyFile + " cannot be read")
			.contains("or delete it to have a new key generated");
	}

	@Test
	void aKeyFileThatCannotBeReadIsNamed(@TempDir Path data, CapturedOutput output) throws IOException {
		// A directory where the file should be: unreadable as a file even for root, who
		// reads any mode.
		Path keyFile = Files.createDirectory(data.resolve("dev-jwt-signing-key.json"));
		String report = FailedStart.report(output, "--users.security.dev.key-file=" + keyFile);
		assertThat(report).contains("The dev profile's signing key " + keyFile + " cannot be read")
			.contains("Make " + keyFile + " readable");
	}

	@Test
	void aPublicKeyFileThatIsNotAKeyIsNamed(@TempDir Path keys, CapturedOutput output) throws IOException {
		Path publicKey = Files.writeString(keys.resolve("public.pem"), "not a key");
		String report = FailedStart.report(output, "--spring.profiles.active=default",
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey);
		assertThat(report)
			.contains("The public key file:" + publicKey + " (" + PublicKeyFailureAnalyzer.LOCATION
					+ ") is not a PEM RSA public key")
			.contains("-----BEGIN PUBLIC KEY-----");
	}

}
