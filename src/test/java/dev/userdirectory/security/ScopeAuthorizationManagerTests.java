package dev.userdirectory.security;

import java.util.List;

import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.server.security.CallContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScopeAuthorizationManagerTests {

	private final ScopeAuthorizationManager manager = new ScopeAuthorizationManager();

	private final Authentication allScopes = authenticated("SCOPE_users.read", "SCOPE_users.write", "SCOPE_chat");

	@Test
	void aMethodMissingFromTheScopeTableIsDeniedEvenWithEveryScope() {
		MethodDescriptor<?, ?> unlisted = UserServiceGrpc.getGetUserMethod()
			.toBuilder()
			.setFullMethodName("users.v1.UserService/PurgeEverything")
			.build();

		assertThat(this.manager.authorize(() -> this.allScopes, call(unlisted)).isGranted()).isFalse();
	}

	@Test
	void healthIsOpenToAnonymousCallers() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(this.manager.authorize(() -> anonymous, call(HealthGrpc.getCheckMethod())).isGranted()).isTrue();
	}

	@Test
	void anAnonymousCallerIsDeniedWithoutNamingAScope() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(this.manager.authorize(() -> anonymous, call(UserServiceGrpc.getGetUserMethod())).isGranted())
			.isFalse();
	}

	@Test
	void writeDoesNotImplyRead() {
		assertThatExceptionOfType(MissingScopeException.class)
			.isThrownBy(() -> this.manager.authorize(() -> authenticated("SCOPE_users.write"),
					call(UserServiceGrpc.getGetUserMethod())))
			.satisfies((ex) -> assertThat(ex.requiredScope()).isEqualTo("users.read"));
	}

	private static Authentication authenticated(String... authorities) {
		TestingAuthenticationToken token = new TestingAuthenticationToken("subject", null,
				List.of(authorities)
					.stream()
					.map(org.springframework.security.core.authority.SimpleGrantedAuthority::new)
					.toList());
		token.setAuthenticated(true);
		return token;
	}

	private static CallContext call(MethodDescriptor<?, ?> method) {
		return new CallContext(new Metadata(), Attributes.EMPTY, method);
	}

}
