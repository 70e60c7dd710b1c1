package dev.userdirectory.security;

import dev.userdirectory.support.OnH2;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * mTLS ({@code client-auth: require}): a client must present a certificate the server
 * trusts.
 */
@OnH2
class MutualTlsTests extends AbstractGrpcTlsTests {

	@DynamicPropertySource
	static void mutualTls(DynamicPropertyRegistry registry) {
		serverBundle(registry, "require");
	}

	@Test
	void servesAClientWithATrustedCertificate() throws Exception {
		ManagedChannel channel = tlsChannel(true);
		try {
			assertServed(channel);
		}
		finally {
			close(channel);
		}
	}

	@Test
	void refusesAClientWithoutACertificate() throws Exception {
		ManagedChannel channel = tlsChannel(false);
		try {
			assertRefused(channel);
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
