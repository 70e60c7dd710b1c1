"""A scripted session against users.v1 with grpcio, as another team would write it.

Stubs are generated from proto/ before running (see README.md); nothing generated is committed.
Env: USERS_TARGET (host:port), USERS_TOKEN (a bearer token with users.read users.write chat),
     USERS_STUBS (the directory the stubs were generated into).
"""
import base64
import json
import os
import queue
import sys
import threading
import time
import uuid

sys.path.insert(0, os.environ.get("USERS_STUBS", os.path.join(os.path.dirname(__file__), "generated")))

import grpc  # noqa: E402
from google.protobuf import field_mask_pb2  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from users.v1 import chat_pb2, user_pb2 as model, user_service_pb2 as api, user_service_pb2_grpc as rpc  # noqa: E402

TARGET = os.environ.get("USERS_TARGET", "localhost:9090")
TOKEN = os.environ["USERS_TOKEN"]
SUBJECT = json.loads(base64.urlsafe_b64decode(TOKEN.split(".")[1] + "==="))["sub"]
RUN = uuid.uuid4().hex[:8]
AUTH = (("authorization", f"Bearer {TOKEN}"),)
TIMEOUT = 10  # seconds: every call gets a deadline
passed = 0


def tamper(token):
    """One character in the middle changed: the end of a base64url string may carry unused bits,
    so changing it can leave the decoded token intact."""
    middle = len(token) // 2
    return token[:middle] + ("B" if token[middle] == "A" else "A") + token[middle + 1:]


def check(condition, what):
    global passed
    if not condition:
        raise AssertionError(f"expected: {what}")
    passed += 1
    print(f"  ok: {what}")


def step(what):
    print(f"== {what}")


def email(name):
    return f"python-{RUN}-{name}@example.com"


def failure(call):
    """The failure of a call, with its google.rpc details decoded from grpc-status-details-bin."""
    try:
        call()
    except grpc.RpcError as error:
        details = {}
        for key, value in error.trailing_metadata() or ():
            if key == "grpc-status-details-bin":
                status = status_pb2.Status.FromString(value)
                for any_detail in status.details:
                    for kind in (error_details_pb2.BadRequest, error_details_pb2.ErrorInfo):
                        if any_detail.Is(kind.DESCRIPTOR):
                            message = kind()
                            any_detail.Unpack(message)
                            details[kind.__name__] = message
        return error.code(), details
    raise AssertionError("the call succeeded but should have failed")


def main():
    with grpc.insecure_channel(TARGET) as channel:
        users = rpc.UserServiceStub(channel)

        step("no token: UNAUTHENTICATED")
        code, details = failure(lambda: users.GetUser(api.GetUserRequest(id=str(uuid.uuid4())), timeout=TIMEOUT))
        check(code == grpc.StatusCode.UNAUTHENTICATED, "a call without a token is UNAUTHENTICATED")
        check(details["ErrorInfo"].domain == "users.v1", "with an ErrorInfo in the users.v1 domain")

        step("create, repeat with the same request_id, get")
        create = api.CreateUserRequest(email=email("ada"), name="Ada", age=36, tags=[RUN], request_id=f"py-{RUN}")
        created = users.CreateUser(create, metadata=AUTH, timeout=TIMEOUT).user
        check(users.CreateUser(create, metadata=AUTH, timeout=TIMEOUT).user.id == created.id,
              "a repeated request_id returns the same user")
        check(users.GetUser(api.GetUserRequest(id=created.id), metadata=AUTH, timeout=TIMEOUT).user.email == create.email,
              "GetUser returns it")

        step("update with the etag read, then with the stale one")
        mask = field_mask_pb2.FieldMask(paths=["name"])
        renamed = model.User(id=created.id, name="Ada King", etag=created.etag)
        updated = users.UpdateUser(api.UpdateUserRequest(user=renamed, update_mask=mask), metadata=AUTH, timeout=TIMEOUT).user
        check(updated.name == "Ada King" and updated.etag != created.etag, "the update applied and changed the etag")
        stale = api.UpdateUserRequest(user=model.User(id=created.id, name="Stale", etag=created.etag), update_mask=mask)
        code, details = failure(lambda: users.UpdateUser(stale, metadata=AUTH, timeout=TIMEOUT))
        check(code == grpc.StatusCode.ABORTED, f"a stale etag is ABORTED ({details['ErrorInfo'].reason})")

        step("errors as the contract describes them")
        code, details = failure(lambda: users.CreateUser(api.CreateUserRequest(email="not an email", name="X"),
                                                         metadata=AUTH, timeout=TIMEOUT))
        check(code == grpc.StatusCode.INVALID_ARGUMENT, "a bad email is INVALID_ARGUMENT")
        check(any(v.field == "email" for v in details["BadRequest"].field_violations),
              'with a BadRequest naming the field "email"')
        code, _ = failure(lambda: users.GetUser(api.GetUserRequest(id=str(uuid.uuid4())), metadata=AUTH, timeout=TIMEOUT))
        check(code == grpc.StatusCode.NOT_FOUND, "a missing user is NOT_FOUND")
        code, _ = failure(lambda: users.CreateUser(api.CreateUserRequest(email=create.email.upper(), name="Dup"),
                                                   metadata=AUTH, timeout=TIMEOUT))
        check(code == grpc.StatusCode.ALREADY_EXISTS, "the same email in other case is ALREADY_EXISTS")

        step("ListUsers page by page")
        tag = f"list-{RUN}"
        listed = [users.CreateUser(api.CreateUserRequest(email=email(f"l{i}"), name=f"L{i}", tags=[tag]),
                                   metadata=AUTH, timeout=TIMEOUT).user.id for i in range(5)]
        seen, token, pages = [], "", 0
        while True:
            page = list(users.ListUsers(api.ListUsersRequest(page_size=2, page_token=token, filter=f'tag = "{tag}"'),
                                        metadata=AUTH, timeout=TIMEOUT))
            pages += 1
            seen += [message.user.id for message in page]
            token = page[-1].next_page_token if page else ""
            if pages == 1:
                forged = api.ListUsersRequest(page_size=2, page_token=tamper(token), filter=f'tag = "{tag}"')
                code, _ = failure(lambda: list(users.ListUsers(forged, metadata=AUTH, timeout=TIMEOUT)))
                check(code == grpc.StatusCode.INVALID_ARGUMENT, "a tampered page_token is INVALID_ARGUMENT")
            if not token:
                break
        check(seen == listed, f"{pages} pages gave every user once, in creation order")

        step("watch, then resume from a resume token")
        events = queue.Queue()
        watch = users.WatchUserChanges(api.WatchUserChangesRequest(), metadata=AUTH, timeout=60)
        threading.Thread(target=lambda: [events.put(e) for e in _quietly(watch)], daemon=True).start()
        first = None
        for i in range(30):  # "from now" starts when the server has the stream
            watched = users.CreateUser(api.CreateUserRequest(email=email(f"w{i}"), name="Watched"),
                                       metadata=AUTH, timeout=TIMEOUT).user
            try:
                first = events.get(timeout=0.5)
                break
            except queue.Empty:
                pass
        check(first is not None, "the watch delivers a change")
        while not (first.user.id == watched.id and first.change_type == model.CHANGE_TYPE_CREATED):
            first = events.get(timeout=10)
        users.UpdateUser(api.UpdateUserRequest(user=model.User(id=watched.id, age=40),
                                               update_mask=field_mask_pb2.FieldMask(paths=["age"])),
                         metadata=AUTH, timeout=TIMEOUT)
        users.DeleteUser(api.DeleteUserRequest(id=watched.id), metadata=AUTH, timeout=TIMEOUT)
        later = [events.get(timeout=10) for _ in range(2)]
        check([e.change_type for e in later] == [model.CHANGE_TYPE_UPDATED, model.CHANGE_TYPE_DELETED],
              "then UPDATED and DELETED, in order")
        watch.cancel()
        resumed = users.WatchUserChanges(api.WatchUserChangesRequest(resume_token=first.resume_token),
                                         metadata=AUTH, timeout=60)
        again = [next(resumed), next(resumed)]
        resumed.cancel()
        check([(e.change_type, e.user.id) for e in again] == [(model.CHANGE_TYPE_UPDATED, watched.id),
                                                               (model.CHANGE_TYPE_DELETED, watched.id)],
              "a watch resumed from the CREATED event gets exactly the later changes")

        step("CreateUsers: 1,000 in one stream, then a batch with a bad item")
        many = (api.CreateUsersRequest(user=api.CreateUserRequest(email=email(f"b{i}"), name=f"Bulk {i}"))
                for i in range(1000))
        check(users.CreateUsers(many, metadata=AUTH, timeout=60).created_count == 1000, "created_count is 1000")
        bad = [api.CreateUsersRequest(user=api.CreateUserRequest(email="broken" if i == 3 else email(f"c{i}"), name="C"))
               for i in range(5)]
        code, details = failure(lambda: users.CreateUsers(iter(bad), metadata=AUTH, timeout=TIMEOUT))
        check(code == grpc.StatusCode.INVALID_ARGUMENT
              and details["BadRequest"].field_violations[0].field == "users[3].email",
              "a bad item is INVALID_ARGUMENT naming users[3].email")
        free = users.CreateUser(api.CreateUserRequest(email=email("c0"), name="C0"), metadata=AUTH, timeout=TIMEOUT)
        check(free.user.id != "", "nothing of the bad batch was created: its first email is still free")

        step("Chat across two streams")
        room = f"room-{RUN}"
        alice, bob = _participant(users, room), _participant(users, room)
        time.sleep(0.5)
        alice.send(f"hello from python {RUN}")
        message = bob.received.get(timeout=10)
        check(alice.received.get(timeout=10).content == message.content == f"hello from python {RUN}",
              "both participants receive the message")
        check(message.user_id == SUBJECT, f"the sender is the token's subject ({SUBJECT})")
        alice.leave()
        bob.leave()

    print(f"python session: {passed} passed, 0 failed")


def _quietly(stream):
    try:
        yield from stream
    except grpc.RpcError:
        pass  # cancelled by us


class _participant:
    """One Chat stream: requests from a queue, responses into another."""

    def __init__(self, users, room):
        self.room = room
        self.outgoing = queue.Queue()
        self.received = queue.Queue()
        self.outgoing.put(chat_pb2.ChatRequest(room=room))  # empty content joins without posting
        self.stream = users.Chat(iter(self.outgoing.get, None), metadata=AUTH, timeout=30)
        threading.Thread(target=lambda: [self.received.put(r.message) for r in _quietly(self.stream)],
                         daemon=True).start()

    def send(self, content):
        self.outgoing.put(chat_pb2.ChatRequest(room=self.room, content=content))

    def leave(self):
        self.outgoing.put(None)


if __name__ == "__main__":
    main()
