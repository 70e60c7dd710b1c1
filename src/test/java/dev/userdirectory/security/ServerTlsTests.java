package dev.userdirectory.security;

import dev.userdirectory.support.OnH2;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** TLS: the server proves who it is; plaintext is refused. */
@OnH2
class ServerTlsTests extends AbstractGrpcTlsTests {

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		serverBundle(registry, "none");
	}

	@Test
	void servesATlsClientThatTrustsItsCertificate() throws Exception {
		ManagedChannel channel = tlsChannel(false);
		try {
			assertServed(channel);
		}
		finally {
			close(channel);
		}
	}

	@Test
	void refusesAPlaintextClient() {
		assertRefused(this.channel);
	}

}
