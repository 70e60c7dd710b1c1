"""A WatchUserChanges stream that re-opens itself from the last delivered event's resume token."""
from __future__ import annotations

import random
import time
from typing import Callable, Iterator

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


def resuming_watch(
    open_stream: Callable[[api.WatchUserChangesRequest, float], Iterator[api.WatchUserChangesResponse]],
    resume_token: str,
    stream_deadline: float,
    backoff: Backoff,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[api.WatchUserChangesResponse]:
    """Yields every change after ``resume_token`` (from now when empty), re-opening the stream from
    the last yielded event's token whenever it breaks with a resumable status. Each stream lives at
    most ``stream_deadline`` seconds, so that even a watch has a deadline; reaching it re-opens at once.
    Closing the generator cancels the open stream."""
    token = resume_token
    while True:
        stream = open_stream(api.WatchUserChangesRequest(resume_token=token), stream_deadline)
        try:
            for event in stream:
                backoff.reset()
                token = event.resume_token
                yield event
            delay = backoff.next_delay()  # the service ended the stream: it is shutting down
        except grpc.RpcError as error:
            code = error.code()
            if code not in RESUMABLE:
                raise UsersError.from_rpc_error(error) from None
            aged_out = code == grpc.StatusCode.DEADLINE_EXCEEDED and backoff.failures == 0
            delay = 0.0 if aged_out else backoff.next_delay()
        finally:
            cancel = getattr(stream, "cancel", None)
            if cancel is not None:
                cancel()
        sleep(delay)
