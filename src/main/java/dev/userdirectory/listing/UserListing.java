package dev.userdirectory.listing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * ListUsers: one page per call, streamed in the order of order_by (ties by id) from
 * keyset queries of a few hundred rows, each fetched only when the client has read the
 * previous ones. The last message of a page carries the signed token of the next one when
 * more users remain.
 */
@Service
public class UserListing {

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
		ServableFilters.check(filter);
		ListingQuery query = new ListingQuery(filter, UserOrder.parse(request.getOrderBy()), request.getShowDeleted());
		Optional<PageToken> start = request.getPageToken().isEmpty() ? Optional.empty()
				: Optional.of(PageToken.decode(request.getPageToken(), this.signer, query));
		int pageSize = (request.getPageSize() == 0) ? this.properties.defaultPageSize()
				: Math.min(request.getPageSize(), this.properties.maxPageSize());
		FlowControlledStream.start(out, new Page(query, start, pageSize));
	}

	/** The rest of one page; each {@link #next()} is one keyset query. */
	private final class Page implements FlowControlledStream.Source<ListUsersResponse> {

		private final ListingQuery query;

		private Optional<PageToken> position;

		private int remaining;

		Page(ListingQuery query, Optional<PageToken> start, int pageSize) {
			this.query = query;
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
				UserOrder.Key key = this.query.order().key();
				this.position = Optional.of(new PageToken(key, key.of(last), last.getId(), this.query.fingerprint()));
				if (morePages) {
					int end = messages.size() - 1;
					messages.set(end,
							messages.get(end)
								.toBuilder()
								.setNextPageToken(this.position.get().encode(UserListing.this.signer))
								.build());
				}
			}
			return messages;
		}

		private List<UserEntity> after(Optional<PageToken> position, int limit) {
			return UserListing.this.users.after(this.query, position, limit);
		}

	}

}
