package dev.userdirectory.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc.UserServiceBlockingStub;
import io.grpc.Context;

/**
 * Walks ListUsers pages, asking for the next one only when the previous one is consumed.
 */
final class PagedUsers implements Iterator<User> {

	private final Supplier<UserServiceBlockingStub> stubs;

	/** The first page's request; later pages add their page token. */
	private final ListUsersRequest firstPage;

	private Iterator<ListUsersResponse> page;

	private String nextPageToken = "";

	private boolean lastPage;

	/**
	 * The page calls run in this context, so closing the stream cancels the one in
	 * flight.
	 */
	private final Context.CancellableContext scope = Context.current().withCancellation();

	PagedUsers(Supplier<UserServiceBlockingStub> stubs, ListUsersRequest firstPage) {
		this.stubs = stubs;
		this.firstPage = firstPage;
	}

	@Override
	public boolean hasNext() {
		while (this.page == null || !this.page.hasNext()) {
			if (this.lastPage) {
				return false;
			}
			ListUsersRequest request = this.firstPage.toBuilder().setPageToken(this.nextPageToken).build();
			Context previous = this.scope.attach();
			try {
				this.page = this.stubs.get().listUsers(request);
			}
			finally {
				this.scope.detach(previous);
			}
			this.lastPage = true;
			this.nextPageToken = "";
			if (!this.page.hasNext()) {
				return false;
			}
		}
		return true;
	}

	void cancel() {
		this.scope.cancel(null);
	}

	@Override
	public User next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		ListUsersResponse response = this.page.next();
		if (!response.getNextPageToken().isEmpty()) {
			this.nextPageToken = response.getNextPageToken();
			this.lastPage = false;
		}
		return response.getUser();
	}

}
