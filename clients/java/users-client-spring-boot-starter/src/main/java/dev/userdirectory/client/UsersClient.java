package dev.userdirectory.client;

import java.time.Duration;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.UserServiceGrpc.UserServiceBlockingStub;
import dev.userdirectory.api.v1.UserServiceGrpc.UserServiceStub;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;

/**
 * The Java client of users.v1. Every call runs on the {@code users} channel that Spring
 * gRPC builds from {@code spring.grpc.client.channel.users.*}: its default deadline,
 * retry or hedging policy, retry throttling and keepalive apply, and each attempt carries
 * a bearer token. Errors surface as {@link StatusRuntimeException}s with the service's
 * {@code google.rpc} details (see {@code io.grpc.protobuf.StatusProto#fromThrowable}).
 *
 * <p>
 * Instances are immutable: {@link #withDeadline(Duration)} returns a client whose calls
 * get another deadline than the channel's default.
 */
public class UsersClient {

	private final Channel channel;

	private final Duration deadline;

	private final UsersClientProperties.Watch watchSettings;

	private final ScheduledExecutorService scheduler;

	UsersClient(Channel channel, Duration deadline, UsersClientProperties.Watch watchSettings,
			ScheduledExecutorService scheduler) {
		this.channel = channel;
		this.deadline = deadline;
		this.watchSettings = watchSettings;
		this.scheduler = scheduler;
	}

	/** A client whose calls have {@code deadline} instead of the channel's default. */
	public UsersClient withDeadline(Duration deadline) {
		return new UsersClient(this.channel, deadline, this.watchSettings, this.scheduler);
	}

	/**
	 * The user with this id; NOT_FOUND when there is none, or when it is soft-deleted.
	 */
	public User get(String id) {
		return get(id, false);
	}

	/**
	 * The user with this id; with {@code showDeleted} also a soft-deleted one (its
	 * {@code delete_time} and {@code purge_time} set).
	 */
	public User get(String id, boolean showDeleted) {
		return blocking().getUser(GetUserRequest.newBuilder().setId(id).setShowDeleted(showDeleted).build()).getUser();
	}

	/**
	 * The users with these ids (1–1000), in the order asked for, a repeated id repeated.
	 * When any id names no user (or a soft-deleted one): NOT_FOUND, its ErrorInfo
	 * metadata {@code id} naming it, and no users. Retried like the other reads.
	 */
	public List<User> batchGet(List<String> ids) {
		return blocking().batchGetUsers(BatchGetUsersRequest.newBuilder().addAllIds(ids).build()).getUsersList();
	}

	/**
	 * Creates a user. Without a {@code request_id} one is generated, so a retried attempt
	 * returns the same user instead of creating a second one. The request carries
	 * everything a user is created with, {@code annotations} and {@code external_id}
	 * included.
	 */
	public CreateUserResponse create(CreateUserRequest request) {
		return blocking().createUser(IdempotentCreates.withRequestId(request));
	}

	/**
	 * Changes the fields named by {@code paths} to their values in {@code user}; with
	 * {@code user.etag} set, only if nobody changed the user since (ABORTED otherwise).
	 */
	public User update(User user, String... paths) {
		UpdateUserRequest request = UpdateUserRequest.newBuilder()
			.setUser(user)
			.setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
			.build();
		return blocking().updateUser(request).getUser();
	}

	/**
	 * Soft-deletes a user (it disappears from every read unless {@code show_deleted} is
	 * asked for, and {@link #undelete} restores it until its {@code purge_time}); with a
	 * non-empty {@code etag}, only if it is still that version.
	 */
	public void delete(String id, String etag) {
		blocking().deleteUser(DeleteUserRequest.newBuilder().setId(id).setEtag(etag).build());
	}

	/**
	 * Restores a soft-deleted user: ALREADY_EXISTS (reason {@code USER_NOT_DELETED}) when
	 * it is not deleted, NOT_FOUND when it never existed or was purged; with a non-empty
	 * {@code etag} (null for none), only if the deleted user is still that version
	 * (ABORTED otherwise). Not retried: after a lost answer a retry would report
	 * ALREADY_EXISTS for an undelete that happened.
	 */
	public User undelete(String id, String etag) {
		return blocking().undeleteUser(UndeleteUserRequest.newBuilder().setId(id).setEtag(orEmpty(etag)).build())
			.getUser();
	}

	/**
	 * ACTIVE (or SUSPENDED) to INACTIVE: FAILED_PRECONDITION, reason
	 * {@code INVALID_STATUS_TRANSITION}, when the user is INACTIVE already; with a
	 * non-empty {@code etag} (null for none), only if it is still that version (ABORTED
	 * otherwise). Not retried, as a retry after a lost answer would report that failure.
	 */
	public User deactivate(String id, String etag) {
		return blocking().deactivateUser(DeactivateUserRequest.newBuilder().setId(id).setEtag(orEmpty(etag)).build())
			.getUser();
	}

	/**
	 * INACTIVE (or SUSPENDED) to ACTIVE: FAILED_PRECONDITION, reason
	 * {@code INVALID_STATUS_TRANSITION}, when the user is ACTIVE already; with a
	 * non-empty {@code etag} (null for none), only if it is still that version (ABORTED
	 * otherwise). Not retried, as a retry after a lost answer would report that failure.
	 */
	public User reactivate(String id, String etag) {
		return blocking().reactivateUser(ReactivateUserRequest.newBuilder().setId(id).setEtag(orEmpty(etag)).build())
			.getUser();
	}

	/**
	 * Every user matching {@code filter} (AIP-160, empty for all), in creation order,
	 * page after page. Pages are fetched lazily as the stream is consumed; close the
	 * stream to stop early.
	 */
	public Stream<User> list(String filter, int pageSize) {
		return list(ListOptions.DEFAULT.withFilter(filter).withPageSize(pageSize));
	}

	/**
	 * Every user the options select, in their order, page after page. Pages are fetched
	 * lazily as the stream is consumed; close the stream to stop early.
	 */
	public Stream<User> list(ListOptions options) {
		ListUsersRequest request = ListUsersRequest.newBuilder()
			.setFilter(options.filter())
			.setPageSize(options.pageSize())
			.setOrderBy(options.orderBy())
			.setShowDeleted(options.showDeleted())
			.build();
		PagedUsers pages = new PagedUsers(this::blocking, request);
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false)
			.onClose(pages::cancel);
	}

	/**
	 * Creates all users or none, in one client stream that sends only as fast as the
	 * service takes them, so a large batch is never held in the channel's buffers. Give a
	 * large batch a longer deadline ({@link #withDeadline}).
	 */
	public CreateUsersResponse createAll(Iterable<CreateUserRequest> users) {
		SingleResponse<CreateUsersResponse> response = new SingleResponse<>();
		async().createUsers(new FlowControlledUpload(users.iterator(), response));
		return response.await();
	}

	/**
	 * Watches changes after {@code resumeToken} (empty: from now, which is when the
	 * service receives the request: this returns before that, so a write made right after
	 * it may come before "now" and not be delivered; resume from a token to miss
	 * nothing). A stream that breaks is re-opened from the last event's resume token,
	 * with backoff, so {@code onChange} sees every change once and in order across
	 * disconnects and server restarts. {@code onError} is called only for failures a
	 * re-open cannot fix (an expired token, lost authorization); then the watch has
	 * stopped.
	 */
	public Watch watch(String resumeToken, Consumer<WatchUserChangesResponse> onChange, Consumer<Throwable> onError) {
		ResumingWatch watch = new ResumingWatch(this.channel, resumeToken, onChange, onError, this.watchSettings,
				this.scheduler);
		watch.start();
		return watch;
	}

	/**
	 * A blocking stub on this client's channel, with its deadline, for methods not
	 * wrapped here.
	 */
	public UserServiceBlockingStub blocking() {
		UserServiceBlockingStub stub = UserServiceGrpc.newBlockingStub(this.channel);
		return (this.deadline != null) ? stub.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS) : stub;
	}

	/**
	 * An async stub on this client's channel, with its deadline: for the streaming
	 * methods.
	 */
	public UserServiceStub async() {
		UserServiceStub stub = UserServiceGrpc.newStub(this.channel);
		return (this.deadline != null) ? stub.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS) : stub;
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	/**
	 * What {@link #list(ListOptions)} lists: {@code ListOptions.DEFAULT.withFilter("tag =
	 * \"ops\"").withOrderBy("name desc")}.
	 *
	 * @param filter AIP-160, empty for all users
	 * @param pageSize users per page (0: the service's default)
	 * @param orderBy AIP-132: {@code created_at} (the default, also when empty),
	 * {@code name}, {@code email}, {@code age} or {@code updated_at}, optionally followed
	 * by {@code " desc"}; ties are broken by id
	 * @param showDeleted whether soft-deleted users are listed too
	 */
	public record ListOptions(String filter, int pageSize, String orderBy, boolean showDeleted) {

		/** Every user that is not deleted, in creation order, 100 a page. */
		public static final ListOptions DEFAULT = new ListOptions("", 100, "", false);

		public ListOptions {
			filter = orEmpty(filter);
			orderBy = orEmpty(orderBy);
		}

		public ListOptions withFilter(String filter) {
			return new ListOptions(filter, this.pageSize, this.orderBy, this.showDeleted);
		}

		public ListOptions withPageSize(int pageSize) {
			return new ListOptions(this.filter, pageSize, this.orderBy, this.showDeleted);
		}

		public ListOptions withOrderBy(String orderBy) {
			return new ListOptions(this.filter, this.pageSize, orderBy, this.showDeleted);
		}

		public ListOptions withShowDeleted(boolean showDeleted) {
			return new ListOptions(this.filter, this.pageSize, this.orderBy, showDeleted);
		}

	}

	/** A running {@link #watch}. */
	public interface Watch extends AutoCloseable {

		/**
		 * The resume token of the last change delivered, to continue from after a
		 * restart.
		 */
		String resumeToken();

		/** Stops watching; no change is delivered after this returns. */
		@Override
		void close();

	}

}
