package dev.userdirectory.chat;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.TailedStream;
import dev.userdirectory.validation.ProtoValidator;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;

/**
 * Chat: a stream joins the rooms it names and receives every message posted to them from
 * then on, through any replica (messages are stored and each replica tails them), its own
 * included. The sender is the caller's token subject. A participant that stops reading is
 * dropped with RESOURCE_EXHAUSTED once it is {@code users.chat.max-lag} messages behind.
 */
@Service
public class ChatService {

	private final ChatStore store;

	private final ProtoValidator validator;

	private final ExecutorService streamExecutor;

	private final ChatProperties properties;

	private final FeedTail<ChatRow> tail;

	ChatService(ChatStore store, FeedTail<ChatRow> chatTail, ProtoValidator validator, ExecutorService streamExecutor,
			ChatProperties properties) {
		this.store = store;
		this.tail = chatTail;
		this.validator = validator;
		this.streamExecutor = streamExecutor;
		this.properties = properties;
	}

	public StreamObserver<ChatRequest> join(ServerCallStreamObserver<ChatResponse> out, String userId) {
		return new Participant(out, userId);
	}

	/**
	 * One Chat stream: the rooms it is in, and its view of the message feed once it
	 * joined one.
	 */
	private final class Participant implements StreamObserver<ChatRequest> {

		private final ServerCallStreamObserver<ChatResponse> out;

		private final String userId;

		private final Set<String> rooms = ConcurrentHashMap.newKeySet();

		private final TailedStream<ChatRow, ChatResponse> delivery;

		private boolean failed;

		Participant(ServerCallStreamObserver<ChatResponse> out, String userId) {
			this.out = out;
			this.userId = userId;
			int maxLag = ChatService.this.properties.maxLag();
			this.delivery = new TailedStream<>(ChatService.this.tail, out, 0,
					(row) -> this.rooms.contains(row.room()) ? Optional.of(row.message()) : Optional.empty(),
					ChatService.this.streamExecutor, maxLag,
					() -> ApiException.tooFarBehind("participant", maxLag, "messages"))
				.attach();
		}

		@Override
		public void onNext(ChatRequest request) {
			if (this.failed) {
				return;
			}
			try {
				ChatService.this.validator.validate(request);
				this.rooms.add(request.getRoom());
				if (!this.delivery.started()) {
					// Messages from now on: the table's end, whatever this replica's tail
					// has seen.
					this.delivery.startAt(ChatService.this.store.head());
				}
				if (!request.getContent().isEmpty()) {
					ChatService.this.store.post(request.getRoom(), this.userId, request.getContent());
					// Committed: local participants hear of it at once, other replicas'
					// when its announcement wakes them.
					ChatService.this.tail.wake();
				}
			}
			catch (RuntimeException failure) {
				this.failed = true;
				this.delivery.end(failure);
			}
		}

		@Override
		public void onError(Throwable clientGone) {
			// The call is over; TailedStream's cancel handler has already let go of the
			// feed.
		}

		@Override
		public void onCompleted() {
			// The client posts nothing more: end the stream, it has the messages so far.
			if (!this.failed) {
				this.delivery.finish();
			}
		}

	}

}
