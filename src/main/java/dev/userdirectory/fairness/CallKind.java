package dev.userdirectory.fairness;

import java.util.Set;

import dev.userdirectory.api.v1.UserServiceGrpc;

/**
 * Which of a caller's concurrency limits a call counts against. A subscription (a watch,
 * a chat or an editing session) stays open for as long as its client wants, waiting for
 * events without holding a call thread; a fleet of pods sharing one service identity can
 * hold hundreds. Counted with the calls, they would use up the identity's budget for
 * calls that do hold a thread, and its GetUsers would be refused; counted apart, each
 * kind has a limit sized for what it costs.
 */
enum CallKind {

	CALL, SUBSCRIPTION;

	private static final Set<String> SUBSCRIPTIONS = Set.of(
			UserServiceGrpc.getWatchUserChangesMethod().getFullMethodName(),
			UserServiceGrpc.getChatMethod().getFullMethodName(),
			UserServiceGrpc.getCollaborativeEditMethod().getFullMethodName());

	static CallKind of(String fullMethodName) {
		return SUBSCRIPTIONS.contains(fullMethodName) ? SUBSCRIPTION : CALL;
	}

}
