package dev.userdirectory.client.cli.probe;

import java.util.List;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProbeHeadersTests {

	@Test
	void sendsAsciiValuesAsGivenAndBinaryValuesDecodedFromBase64() {
		Metadata headers = ProbeHeaders.parse(List.of("X-Tenant = acme=1", "trace-bin=AQID"));

		assertThat(headers.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("acme=1");
		assertThat(headers.get(Metadata.Key.of("trace-bin", Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(1, 2, 3);
	}

	@Test
	void refusesAnEntryWithoutAValueOrWithAnInvalidKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeHeaders.parse(List.of("x-tenant")))
			.withMessageContaining("expected key=value");
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeHeaders.parse(List.of("bad key=1")))
			.withMessageContaining("'bad key=1'");
	}

}
