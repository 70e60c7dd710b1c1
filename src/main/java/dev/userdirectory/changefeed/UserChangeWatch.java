package dev.userdirectory.changefeed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.TailedStream;
import io.grpc.stub.ServerCallStreamObserver;

import org.springframework.stereotype.Service;

/**
 * WatchUserChanges: every change after the resume token's, in commit order, then live
 * ones, from this replica's change-feed {@link FeedTail} (or the table, for a watcher far
 * behind). A token older than retention is OUT_OF_RANGE: the changes after it are gone.
 */
@Service
public class UserChangeWatch {

	private final FeedTail<ChangeEvent> feed;

	private final ChangeFeedSource source;

	private final ResumeTokens tokens;

	private final ExecutorService streamExecutor;

	UserChangeWatch(FeedTail<ChangeEvent> feed, ChangeFeedSource source, ResumeTokens tokens,
			ExecutorService streamExecutor) {
		this.feed = feed;
		this.source = source;
		this.tokens = tokens;
		this.streamExecutor = streamExecutor;
	}

	public void watch(WatchUserChangesRequest request, ServerCallStreamObserver<WatchUserChangesResponse> out) {
		// "From now" is the table's end, not this replica's tail, which may lag or not
		// have polled yet.
		long position = request.getResumeToken().isEmpty() ? this.source.head()
				: checkedPosition(this.tokens.decode(request.getResumeToken()));
		new TailedStream<>(this.feed, out, position, (event) -> Optional.of(event.message()), this.streamExecutor, -1,
				() -> null)
			.start();
	}

	private long checkedPosition(long seq) {
		long prunedThrough = this.source.prunedThrough();
		if (seq < prunedThrough) {
			throw new ApiException(ErrorReason.RESUME_TOKEN_EXPIRED,
					"the changes after this resume token are older than the feed's retention; "
							+ "read the current state and watch from now",
					Map.of("pruned_through", Long.toString(prunedThrough)), List.of());
		}
		if (seq > this.source.head()) {
			throw ApiException.invalid("resume_token", "names a change this service never made");
		}
		return seq;
	}

}
