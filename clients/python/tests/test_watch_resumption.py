"""ResumingWatch with scripted streams: which failures re-open, from which token, how fast, and close()."""
import threading
import time

import grpc
import pytest

from users_client import UsersError
from users_client._watch import Backoff, ResumingWatch
from users_client.gen.users.v1 import user_service_pb2 as api


class Failure(grpc.RpcError):
    def __init__(self, code):
        self._code = code

    def code(self):
        return self._code

    def details(self):
        return "scripted"

    def trailing_metadata(self):
        return ()


def event(token):
    return api.WatchUserChangesResponse(resume_token=token)


class ScriptedStreams:
    """Each opened stream yields its events, then raises its failure (or ends)."""

    def __init__(self, *scripts):
        self.scripts = list(scripts)
        self.requests = []

    def __call__(self, request, deadline):
        self.requests.append((request.resume_token, deadline))
        events, failure = self.scripts.pop(0)

        def stream():
            yield from events
            if failure is not None:
                raise Failure(failure)

        return stream()


def take(iterator, count):
    return [next(iterator).resume_token for _ in range(count)]


def test_reopens_after_unavailable_from_the_last_delivered_token():
    streams = ScriptedStreams(([event("t1"), event("t2")], grpc.StatusCode.UNAVAILABLE),
                              ([], grpc.StatusCode.UNAVAILABLE), ([event("t3")], None))
    sleeps = []
    watch = ResumingWatch(streams, "t0", 1800.0, Backoff(), sleep=sleeps.append)
    assert take(watch, 3) == ["t1", "t2", "t3"]
    assert [token for token, _ in streams.requests] == ["t0", "t2", "t2"]
    assert len(sleeps) == 2 and 0 < sleeps[0] <= 0.1 < sleeps[1] <= 0.2  # backoff grows


def test_a_stream_that_reaches_its_own_deadline_reopens_at_once():
    streams = ScriptedStreams(([event("t1")], grpc.StatusCode.DEADLINE_EXCEEDED), ([event("t2")], None))
    sleeps = []
    watch = ResumingWatch(streams, "", 60.0, Backoff(), sleep=sleeps.append)
    assert take(watch, 2) == ["t1", "t2"]
    assert sleeps == [0.0]
    assert streams.requests == [("", 60.0), ("t1", 60.0)]


def test_a_failure_a_new_stream_cannot_cure_is_raised_as_users_error():
    streams = ScriptedStreams(([event("t1")], grpc.StatusCode.OUT_OF_RANGE))
    watch = ResumingWatch(streams, "t0", 60.0, Backoff(), sleep=lambda _: None)
    assert next(watch).resume_token == "t1"
    with pytest.raises(UsersError) as raised:
        next(watch)
    assert raised.value.code == grpc.StatusCode.OUT_OF_RANGE


def test_backoff_is_capped_and_resets():
    backoff = Backoff(initial=0.1, maximum=1.0)
    delays = [backoff.next_delay() for _ in range(10)]
    assert max(delays) <= 1.0 and delays[-1] >= 0.5
    backoff.reset()
    assert backoff.next_delay() <= 0.1


def test_close_from_another_thread_ends_a_watch_waiting_to_reopen():
    streams = ScriptedStreams(([event("t1")], grpc.StatusCode.UNAVAILABLE))
    watch = ResumingWatch(streams, "t0", 60.0, Backoff(initial=30.0, maximum=30.0))
    assert next(watch).resume_token == "t1"
    threading.Timer(0.2, watch.close).start()
    started = time.monotonic()
    with pytest.raises(StopIteration):
        next(watch)  # waits out the backoff after UNAVAILABLE, unless closed
    assert time.monotonic() - started < 5
    assert streams.requests == [("t0", 60.0)]
