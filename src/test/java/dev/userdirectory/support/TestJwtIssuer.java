package dev.userdirectory.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for tests: key pairs generated per run, their public halves served as a
 * JWK set on loopback (the service is configured with its URL, as with a real issuer),
 * and real signed tokens — valid ones, and each kind of bad one a client might send.
 */
public final class TestJwtIssuer {

	public static final String ISSUER = "https://issuer.users-test.example";

	public static final String AUDIENCE = "users-api";

	public static final List<String> ALL_SCOPES = List.of("users.read", "users.write", "chat");

	public static final RSAKey RSA_KEY = generateRsa();

	public static final ECKey EC_KEY = generateEc();

	private static volatile JWKSet published = new JWKSet(List.of(RSA_KEY.toPublicJWK(), EC_KEY.toPublicJWK()));

	private static HttpServer server;

	private TestJwtIssuer() {
	}

	/** The URL of the JWK set, starting the loopback server on first use. */
	public static synchronized String jwkSetUri() {
		if (server == null) {
			try {
				server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			server.createContext("/jwks", (exchange) -> {
				byte[] body = published.toString(true).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
		}
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
	}

	/** Replaces the served JWK set, as an issuer does when it rotates keys. */
	public static void publish(JWK... keys) {
		List<JWK> publicKeys = new ArrayList<>();
		for (JWK key : keys) {
			publicKeys.add(key.toPublicJWK());
		}
		published = new JWKSet(publicKeys);
	}

	/** The default published keys. */
	public static void publishDefaultKeys() {
		publish(RSA_KEY, EC_KEY);
	}

	public static Token token() {
		return new Token();
	}

	/** A valid RS256 token with every scope. */
	public static String validToken() {
		return token().sign();
	}

	/** An unsecured token ({@code alg: none}) with otherwise valid claims. */
	public static String unsignedToken() {
		return new PlainJWT(token().claims()).serialize();
	}

	/**
	 * HS256 keyed with the RSA public key's bytes: the algorithm-confusion attack on
	 * verifiers that let the token choose how its signature is checked.
	 */
	public static String hmacWithPublicKeyToken() {
		try {
			byte[] secret = RSA_KEY.toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA_KEY.getKeyID()).build(),
					token().claims());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static RSAKey generateRsa() {
		try {
			return new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static ECKey generateEc() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token being built: valid by default, each method makes one thing different. */
	public static final class Token {

		private String issuer = ISSUER;

		private String audience = AUDIENCE;

		private String subject = "test-user";

		private List<String> scopes = ALL_SCOPES;

		private Instant notBefore = Instant.now().minusSeconds(5);

		private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10));

		private Instant issuedAt;

		private JWK key = RSA_KEY;

		private final Map<String, Object> claims = new LinkedHashMap<>();

		public Token issuer(String issuer) {
			this.issuer = issuer;
			return this;
		}

		public Token audience(String audience) {
			this.audience = audience;
			return this;
		}

		public Token subject(String subject) {
			this.subject = subject;
			return this;
		}

		public Token scopes(String... scopes) {
			this.scopes = List.of(scopes);
			return this;
		}

		public Token notBefore(Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		public Token expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/** Defaults to {@link #notBefore}. */
		public Token issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		public Token signedWith(JWK key) {
			this.key = key;
			return this;
		}

		/**
		 * Sets a claim as given, over whatever the other methods set (e.g. aud as a
		 * list).
		 */
		public Token claim(String name, Object value) {
			this.claims.put(name, value);
			return this;
		}

		/**
		 * Leaves a standard claim ({@code exp}, {@code sub}, {@code aud}, {@code scope}
		 * …) out.
		 */
		public Token without(String name) {
			return claim(name, null);
		}

		JWTClaimsSet claims() {
			JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(this.issuer)
				.audience(this.audience)
				.subject(this.subject)
				.claim("scope", String.join(" ", this.scopes))
				.issueTime(Date.from((this.issuedAt != null) ? this.issuedAt : this.notBefore))
				.notBeforeTime(Date.from(this.notBefore))
				.expirationTime(Date.from(this.expiresAt))
				.jwtID(UUID.randomUUID().toString());
			// A null value removes the claim.
			this.claims.forEach(builder::claim);
			return builder.build();
		}

		public String sign() {
			try {
				JWSAlgorithm algorithm;
				JWSSigner signer;
				if (this.key instanceof ECKey ec) {
					algorithm = JWSAlgorithm.ES256;
					signer = new ECDSASigner(ec);
				}
				else {
					algorithm = JWSAlgorithm.RS256;
					signer = new RSASSASigner((RSAKey) this.key);
				}
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(this.key.getKeyID()).build(),
						claims());
				jwt.sign(signer);
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
