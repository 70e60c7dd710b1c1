package dev.userdirectory.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed server and client certificates made with the JDK's keytool, once per test
 * run, in PKCS12 stores such as an operator would mount: the server's key, a trust store
 * holding the client's certificate (for mTLS), and the client's key and trust store.
 */
public final class TestCertificates {

	public static final String PASSWORD = "test-only-password";

	private static Path directory;

	private TestCertificates() {
	}

	public static synchronized Path directory() {
		if (directory == null) {
			try {
				Path dir = Files.createTempDirectory("users-tls");
				keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
						"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype",
						"PKCS12", "-keystore", dir.resolve("server.p12").toString());
				keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
						"CN=users-test-client", "-validity", "2", "-storetype", "PKCS12", "-keystore",
						dir.resolve("client.p12").toString());
				keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(),
						"-file", dir.resolve("server.crt").toString());
				keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", dir.resolve("client.p12").toString(),
						"-file", dir.resolve("client.crt").toString());
				keytool("-importcert", "-noprompt", "-alias", "client", "-file", dir.resolve("client.crt").toString(),
						"-storetype", "PKCS12", "-keystore", dir.resolve("server-trust.p12").toString());
				keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.crt").toString(),
						"-storetype", "PKCS12", "-keystore", dir.resolve("client-trust.p12").toString());
				directory = dir;
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException("could not make test certificates", ex);
			}
		}
		return directory;
	}

	public static Path file(String name) {
		return directory().resolve(name);
	}

	public static KeyManagerFactory clientKeyManager() throws Exception {
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(load("client.p12"), PASSWORD.toCharArray());
		return factory;
	}

	public static TrustManagerFactory clientTrustManager() throws Exception {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(load("client-trust.p12"));
		return factory;
	}

	private static KeyStore load(String name) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file(name))) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private static void keytool(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		command.addAll(List.of("-storepass", PASSWORD));
		if (List.of(args).contains("-genkeypair")) {
			command.addAll(List.of("-keypass", PASSWORD));
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
		}
	}

}
