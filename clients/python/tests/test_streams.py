"""ListUsers paging and a watch across a service restart, against the real service."""
import queue
import threading

import pytest

from users_client import UsersClient, UsersError, user_pb2


def test_list_follows_pages_with_no_repeat_and_no_gap(client, unique):
    tag = unique("list")
    created = [client.create_user(f"{unique(f'l{i}')}@example.com", f"L{i}", tags=[tag]).id for i in range(7)]
    listed = [user.id for user in client.list_users(filter=f'tag = "{tag}"', page_size=2)]
    assert listed == created  # four pages of at most two, in creation order


def test_list_with_an_unparseable_filter_is_invalid_argument(client):
    with pytest.raises(UsersError) as raised:
        list(client.list_users(filter="status ==="))
    assert raised.value.code.name == "INVALID_ARGUMENT"


def test_watch_survives_a_restart_of_the_service(service, unique):
    events: "queue.Queue" = queue.Queue()
    with UsersClient(service.target, token=service.token, deadline=10.0) as watcher, \
            UsersClient(service.target, token=service.token, deadline=120.0, wait_for_ready=True) as writer:
        changes = watcher.watch()

        def consume():
            try:
                for change in changes:
                    events.put(change)
            except Exception as error:  # noqa: BLE001 - handed to the test thread
                events.put(error)

        threading.Thread(target=consume, daemon=True).start()
        # "From now" starts when the service has the stream: write until a change arrives.
        before = None
        for i in range(40):
            probe = writer.create_user(f"{unique(f'before{i}')}@example.com", "Before restart")
            try:
                first = events.get(timeout=0.5)
            except queue.Empty:
                continue
            while isinstance(first, Exception) or first.user.id != probe.id:
                assert not isinstance(first, Exception), f"the watch failed: {first!r}"
                first = events.get(timeout=10)
            before = probe
            break
        assert before is not None, "the watch delivered nothing before the restart"

        service.restart()

        after = writer.create_user(f"{unique('after')}@example.com", "After restart")
        writer.update_user(user_pb2.User(id=after.id, age=7), ["age"])
        delivered = []
        while len(delivered) < 2:
            event = events.get(timeout=60)
            assert not isinstance(event, Exception), f"the watch ended at the restart: {event!r}"
            delivered.append(event)
        assert [(e.change_type, e.user.id) for e in delivered] == [
            (user_pb2.CHANGE_TYPE_CREATED, after.id),
            (user_pb2.CHANGE_TYPE_UPDATED, after.id),
        ]
        changes.close()
