package dev.userdirectory.security;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.grpc.server.security.CallContext;

/**
 * Decides every gRPC call from {@link RpcScopes}: open services pass, protected methods
 * need their scope, everything else is denied. A caller without a token is refused
 * (UNAUTHENTICATED by Spring gRPC's interceptor); a caller with a token but without the
 * scope learns which one it lacks.
 */
class ScopeAuthorizationManager implements AuthorizationManager<CallContext> {

	private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

	private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, CallContext call) {
		String method = call.method().getFullMethodName();
		if (RpcScopes.isOpen(method)) {
			return GRANTED;
		}
		Optional<String> scope = RpcScopes.requiredScope(method);
		Authentication caller = authentication.get();
		if (scope.isEmpty() || caller == null || caller instanceof AnonymousAuthenticationToken
				|| !caller.isAuthenticated()) {
			return DENIED;
		}
		String authority = "SCOPE_" + scope.get();
		for (GrantedAuthority granted : caller.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return GRANTED;
			}
		}
		throw new MissingScopeException(scope.get());
	}

}
