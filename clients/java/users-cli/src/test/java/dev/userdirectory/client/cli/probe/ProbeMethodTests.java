package dev.userdirectory.client.cli.probe;

import java.util.List;

import dev.userdirectory.api.v1.UserServiceGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProbeMethodTests {

	@Test
	void coversEveryMethodOfTheServiceInItsOrder() {
		List<String> service = UserServiceGrpc.getServiceDescriptor()
			.getMethods()
			.stream()
			.map((method) -> method.getFullMethodName())
			.toList();

		assertThat(ProbeMethod.parse(List.of())).extracting(ProbeMethod::fullName).containsExactlyElementsOf(service);
	}

	@Test
	void acceptsShortAndFullNamesInAnyCaseAndKeepsTheServicesOrder() {
		assertThat(ProbeMethod.parse(List.of("chat", " users.v1.UserService/GetUser", "GETUSER", "")))
			.containsExactly(ProbeMethod.GET_USER, ProbeMethod.CHAT);
	}

	@Test
	void refusesAnUnknownMethodNamingTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProbeMethod.parse(List.of("GetUsers")))
			.withMessageStartingWith("unknown method 'GetUsers'; users.v1.UserService has GetUser, CreateUser");
	}

}
