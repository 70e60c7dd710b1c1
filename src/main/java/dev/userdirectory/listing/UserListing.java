package dev.userdirectory.listing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.streaming.FlowControlledStream;
import dev.userdirectory.tokens.TokenSigner;
import dev.userdirectory.user.UserEntity;
import dev.userdirectory.user.UserMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpc.stub.ServerCallStreamObserver;

import org.springframework.stereotype.Service;

/**
 * ListUsers: one page per call, streamed in (created_at, id) order from keyset queries of
 * a few hundred rows, each fetched only when the client has read the previous ones. The
 * last message of a page carries the signed token of the next one when more users remain.
 */
@Service
public class UserListing {

	/** Keyset start before every user: created_at is always after the epoch. */
	private static final PageToken FIRST = new PageToken(Instant.EPOCH, new UUID(0, 0), 0);

	private final UserListingRepository users;

	private final UserMapper mapper;

	private final TokenSigner signer;

	private final ListingProperties properties;

	private final Counter rowsFetched;

	UserListing(UserListingRepository users, UserMapper mapper, TokenSigner signer, ListingProperties properties,
			MeterRegistry meters) {
		this.users = users;
		this.mapper = mapper;
		this.signer = signer;
		this.properties = properties;
		this.rowsFetched = Counter.builder("users.list.rows.fetched")
			.description("Users read from the database by ListUsers")
			.register(meters);
	}

	public void list(ListUsersRequest request, ServerCallStreamObserver<ListUsersResponse> out) {
		UserFilter filter = UserFilterParser.parse(request.getFilter());
		PageToken start = request.getPageToken().isEmpty() ? FIRST
				: PageToken.decode(request.getPageToken(), this.signer, filter);
		int pageSize = (request.getPageSize() == 0) ? this.properties.defaultPageSize()
				: Math.min(request.getPageSize(), this.properties.maxPageSize());
		FlowControlledStream.start(out, new Page(filter, start, pageSize));
	}

	/** The rest of one page; each {@link #next()} is one keyset query. */
	private final class Page implements FlowControlledStream.Source<ListUsersResponse> {

		private final UserFilter filter;

		private PageToken position;

		private int remaining;

		Page(UserFilter filter, PageToken start, int pageSize) {
			this.filter = filter;
			this.position = start;
			this.remaining = pageSize;
		}

		@Override
		public List<ListUsersResponse> next() {
			if (this.remaining == 0) {
				return List.of();
			}
			int wanted = Math.min(this.remaining, UserListing.this.properties.chunkSize());
			boolean lastChunk = wanted == this.remaining;
			// The last chunk reads one user more, to know whether a next page exists.
			List<UserEntity> rows = after(this.position, lastChunk ? wanted + 1 : wanted);
			UserListing.this.rowsFetched.increment(rows.size());
			boolean morePages = lastChunk && rows.size() > wanted;
			List<UserEntity> users = rows.subList(0, Math.min(rows.size(), wanted));
			this.remaining = (users.size() < wanted) ? 0 : this.remaining - users.size();
			List<ListUsersResponse> messages = new ArrayList<>(users.size());
			for (UserEntity user : users) {
				messages.add(ListUsersResponse.newBuilder().setUser(UserListing.this.mapper.toProto(user)).build());
			}
			if (!users.isEmpty()) {
				UserEntity last = users.get(users.size() - 1);
				this.position = new PageToken(last.getCreatedAt(), last.getId(), this.filter.fingerprint());
				if (morePages) {
					int end = messages.size() - 1;
					messages.set(end,
							messages.get(end)
								.toBuilder()
								.setNextPageToken(this.position.encode(UserListing.this.signer))
								.build());
				}
			}
			return messages;
		}

		/**
		 * Up to {@code limit} users after {@code position}, in (created_at, id) order.
		 */
		private List<UserEntity> after(PageToken position, int limit) {
			return UserListing.this.users.after(position.createdAt(), position.id(), this.filter, limit);
		}

	}

}
