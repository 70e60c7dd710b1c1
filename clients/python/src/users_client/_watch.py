"""A WatchUserChanges stream that re-opens itself from the last delivered event's resume token."""
from __future__ import annotations

import random
import threading
from typing import Callable, Iterator, Optional

import grpc

from users_client._errors import UsersError
from users_client.gen.users.v1 import user_service_pb2 as api

# What a new stream can cure: the service or the path to it was away, or the stream aged out.
# The same set as the Java client's; anything else (UNAUTHENTICATED, OUT_OF_RANGE for an expired
# token, ...) would fail again, so it is raised.
RESUMABLE = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.CANCELLED,
    }
)


class Backoff:
    """Exponential with jitter, so the clients of a restarted service do not return all at once."""

    def __init__(self, initial: float = 0.1, maximum: float = 5.0) -> None:
        self.initial, self.maximum, self.failures = initial, maximum, 0

    def next_delay(self) -> float:
        bound = min(self.maximum, self.initial * 2 ** min(self.failures, 30))
        self.failures += 1
        return random.uniform(bound / 2, bound)

    def reset(self) -> None:
        self.failures = 0


class ResumingWatch(Iterator[api.WatchUserChangesResponse]):
    """Every change after ``resume_token`` (from now when empty), re-opening the stream from the
    last delivered event's token whenever it breaks with a resumable status. Each stream lives at
    most ``stream_deadline`` seconds, so that even a watch has a deadline; reaching it re-opens at
    once. ``close()`` (also from another thread, or by leaving a ``with`` block) cancels the open
    stream and ends the iteration."""

    def __init__(
        self,
        open_stream: Callable[[api.WatchUserChangesRequest, float], Iterator[api.WatchUserChangesResponse]],
        resume_token: str,
        stream_deadline: float,
        backoff: Backoff,
        sleep: Optional[Callable[[float], object]] = None,
    ) -> None:
        self.resume_token = resume_token
        self._open_stream, self._stream_deadline, self._backoff = open_stream, stream_deadline, backoff
        self._closed = threading.Event()
        # Waiting on the close event, so that close() also ends a wait between two streams.
        self._sleep = sleep or self._closed.wait
        self._stream: Optional[Iterator[api.WatchUserChangesResponse]] = None
        self._changes = self._run()

    def __next__(self) -> api.WatchUserChangesResponse:
        return next(self._changes)

    def __enter__(self) -> "ResumingWatch":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        cancel = getattr(self._stream, "cancel", None)
        if cancel is not None:
            cancel()

    def _run(self) -> Iterator[api.WatchUserChangesResponse]:
        while not self._closed.is_set():
            self._stream = stream = self._open_stream(
                api.WatchUserChangesRequest(resume_token=self.resume_token), self._stream_deadline)
            try:
                for event in stream:
                    self._backoff.reset()
                    self.resume_token = event.resume_token
                    yield event
                delay = self._backoff.next_delay()  # the service ended the stream: it is shutting down
            except grpc.RpcError as error:
                if self._closed.is_set():
                    return
                code = error.code()
                if code not in RESUMABLE:
                    raise UsersError.from_rpc_error(error) from None
                aged_out = code == grpc.StatusCode.DEADLINE_EXCEEDED and self._backoff.failures == 0
                delay = 0.0 if aged_out else self._backoff.next_delay()
            finally:
                cancel = getattr(stream, "cancel", None)
                if cancel is not None:
                    cancel()
            self._sleep(delay)
