package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;

/**
 * ListUsers of one page: exactly list-page-size users carry the run's list tag, and the
 * page is asked for with that filter and that size, and read to the end of the stream.
 */
final class ListUsersExercise extends Exercise {

	private ListUsersRequest request;

	ListUsersExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void prepare(int workers) {
		int pageSize = this.probe.settings.listPageSize();
		this.probe.fixtures.users(pageSize, "list", this.probe.listTag());
		this.request = ListUsersRequest.newBuilder()
			.setPageSize(pageSize)
			.setFilter("tag = \"" + this.probe.listTag() + "\"")
			.build();
	}

	@Override
	void start(int worker, Sample sample) {
		this.probe.async().listUsers(this.request, new SampleCall<ListUsersRequest, ListUsersResponse>(sample) {

			private int received;

			@Override
			protected void next(ListUsersResponse response) {
				this.received++;
			}

			@Override
			protected void completed() {
				if (this.received == ListUsersExercise.this.request.getPageSize()) {
					this.sample.succeed();
				}
				else {
					this.sample.badResponse("a page of " + ListUsersExercise.this.request.getPageSize()
							+ " users ended after " + this.received);
				}
			}
		});
	}

}
