package dev.userdirectory.crash;

import java.util.Map;

import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;

/**
 * One kind of write, run in a loop against the service until it dies under it. It keeps a
 * ledger of what the service acknowledged and of the one call that was in flight at the
 * kill, and after the restart checks that ledger against what the service now answers.
 */
interface Workload {

	String name();

	/** Writes until the service stops answering; must not throw. */
	void run(Clients clients);

	/** How many writes the service acknowledged. */
	int acknowledged();

	/**
	 * Checks every acknowledged write against the restarted service; {@code usersByEmail}
	 * is all of ListUsers.
	 */
	void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts) throws Exception;

	/** Stubs bound to one running service, with its token. */
	record Clients(UserServiceGrpc.UserServiceBlockingStub blocking, UserServiceGrpc.UserServiceStub async) {
	}

}
