"""A scripted session against users.v1 through the users_client package.

Env: USERS_TARGET (host:port, default localhost:9090), USERS_TOKEN (a bearer token with
users.read users.write chat, e.g. the one the dev profile prints).
"""
import base64
import json
import os
import queue
import threading
import time
import uuid

import grpc

from users_client import UsersClient, UsersError, chat_pb2, user_pb2, user_service_pb2 as api

TARGET = os.environ.get("USERS_TARGET", "localhost:9090")
TOKEN = os.environ["USERS_TOKEN"]
SUBJECT = json.loads(base64.urlsafe_b64decode(TOKEN.split(".")[1] + "==="))["sub"]
RUN = uuid.uuid4().hex[:8]
passed = 0


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
    try:
        call()
    except UsersError as error:
        return error
    raise AssertionError("the call succeeded but should have failed")


def main():
    with UsersClient(TARGET) as anonymous:
        step("no token: UNAUTHENTICATED")
        error = failure(lambda: anonymous.get_user(str(uuid.uuid4())))
        check(error.code == grpc.StatusCode.UNAUTHENTICATED and error.domain == "users.v1",
              f"a call without a token is UNAUTHENTICATED ({error.reason})")

    with UsersClient(TARGET, token=TOKEN, deadline=10.0) as users:
        step("create, repeat with the same request_id, get")
        created = users.create_user(email("ada"), "Ada", age=36, tags=[RUN], request_id=f"py-{RUN}")
        again = users.create_user(email("ada"), "Ada", age=36, tags=[RUN], request_id=f"py-{RUN}")
        check(again.id == created.id, "a repeated request_id returns the same user")
        check(users.get_user(created.id).email == email("ada"), "GetUser returns it")

        step("update with the etag read, then with the stale one")
        updated = users.update_user(user_pb2.User(id=created.id, name="Ada King"), ["name"], etag=created.etag)
        check(updated.name == "Ada King" and updated.etag != created.etag, "the update applied and changed the etag")
        error = failure(lambda: users.update_user(user_pb2.User(id=created.id, name="Stale"), ["name"], etag=created.etag))
        check(error.code == grpc.StatusCode.ABORTED and error.reason == "ETAG_MISMATCH", "a stale etag is ETAG_MISMATCH")

        step("errors as the contract describes them")
        error = failure(lambda: users.create_user("not an email", "X"))
        check(error.code == grpc.StatusCode.INVALID_ARGUMENT and "email" in dict(error.field_violations),
              f"a bad email is INVALID_ARGUMENT naming the field email ({error.reason})")
        check(failure(lambda: users.get_user(str(uuid.uuid4()))).code == grpc.StatusCode.NOT_FOUND,
              "a missing user is NOT_FOUND")
        check(failure(lambda: users.create_user(email("ada").upper(), "Dup")).code == grpc.StatusCode.ALREADY_EXISTS,
              "the same email in other case is ALREADY_EXISTS")

        step("ListUsers, every page")
        tag = f"list-{RUN}"
        listed = [users.create_user(email(f"l{i}"), f"L{i}", tags=[tag]).id for i in range(5)]
        check([u.id for u in users.list_users(filter=f'tag = "{tag}"', page_size=2)] == listed,
              "three pages gave every user once, in creation order")

        step("v1.1: annotations, an external id, ListUsers by annotation in name order, BatchGetUsers")
        team = f"team-{RUN}"
        grace = users.create_user(email("grace"), "Grace", annotations={"example.com/team": team},
                                  external_id=f"hr-{RUN}")
        alan = users.create_user(email("alan"), "Alan", annotations={"example.com/team": team})
        check(grace.annotations["example.com/team"] == team and grace.external_id == f"hr-{RUN}",
              "CreateUser keeps annotations and external_id")
        error = failure(lambda: users.create_user(email("other"), "Other", external_id=f"hr-{RUN}"))
        check(error.code == grpc.StatusCode.ALREADY_EXISTS and error.reason == "EXTERNAL_ID_TAKEN",
              "a second user with that external_id is ALREADY_EXISTS, EXTERNAL_ID_TAKEN")
        by_team = users.list_users(filter=f'annotations.example.com/team = "{team}"', order_by="name desc")
        check([u.id for u in by_team] == [grace.id, alan.id], "the team's users, by name descending")
        check([u.id for u in users.batch_get_users([alan.id, grace.id])] == [alan.id, grace.id],
              "BatchGetUsers answers in the order asked")

        step("v1.1: deactivate and reactivate, soft delete and undelete")
        inactive = users.deactivate_user(alan.id, etag=alan.etag)
        check(inactive.status == user_pb2.USER_STATUS_INACTIVE, "DeactivateUser makes the user INACTIVE")
        error = failure(lambda: users.deactivate_user(alan.id))
        check(error.code == grpc.StatusCode.FAILED_PRECONDITION and error.reason == "INVALID_STATUS_TRANSITION",
              "deactivating it again is FAILED_PRECONDITION, INVALID_STATUS_TRANSITION")
        check(users.reactivate_user(alan.id).status == user_pb2.USER_STATUS_ACTIVE, "ReactivateUser makes it ACTIVE")
        users.delete_user(alan.id)
        check(failure(lambda: users.get_user(alan.id)).code == grpc.StatusCode.NOT_FOUND,
              "a deleted user is NOT_FOUND")
        deleted = users.get_user(alan.id, show_deleted=True)
        check(deleted.HasField("delete_time") and deleted.HasField("purge_time"),
              "with show_deleted it is there, with its delete and purge times")
        restored = users.undelete_user(alan.id)
        check(restored.id == alan.id and not restored.HasField("delete_time"), "UndeleteUser restores it")

        step("watch, then resume from a resume token")
        events = queue.Queue()
        changes = users.watch()
        threading.Thread(target=lambda: [events.put(e) for e in changes], daemon=True).start()
        first = None
        for i in range(30):  # "from now" starts when the service has the stream
            watched = users.create_user(email(f"w{i}"), "Watched")
            try:
                first = events.get(timeout=0.5)
                break
            except queue.Empty:
                pass
        check(first is not None, "the watch delivers a change")
        while first.user.id != watched.id:
            first = events.get(timeout=10)
        users.update_user(user_pb2.User(id=watched.id, age=40), ["age"])
        users.delete_user(watched.id)
        later = [events.get(timeout=10) for _ in range(2)]
        check([e.change_type for e in later] == [user_pb2.CHANGE_TYPE_UPDATED, user_pb2.CHANGE_TYPE_DELETED],
              "then UPDATED and DELETED, in order")
        resumed = users.watch(resume_token=first.resume_token)
        again = [next(resumed), next(resumed)]
        resumed.close()
        check([(e.change_type, e.user.id) for e in again] == [(user_pb2.CHANGE_TYPE_UPDATED, watched.id),
                                                               (user_pb2.CHANGE_TYPE_DELETED, watched.id)],
              "a watch resumed from the CREATED event gets exactly the later changes")

        step("CreateUsers through the generated stub: 1,000 in one stream, then a batch with a bad item")
        many = (api.CreateUsersRequest(user=api.CreateUserRequest(email=email(f"b{i}"), name=f"Bulk {i}"))
                for i in range(1000))
        check(users.stub.CreateUsers(many, timeout=60).created_count == 1000, "created_count is 1000")
        bad = [api.CreateUsersRequest(user=api.CreateUserRequest(email="broken" if i == 3 else email(f"c{i}"), name="C"))
               for i in range(5)]
        try:
            users.stub.CreateUsers(iter(bad), timeout=10)
            raise AssertionError("the bad batch was accepted")
        except grpc.RpcError as rpc_error:
            error = UsersError.from_rpc_error(rpc_error)
        check(error.field_violations[0][0] == "users[3].email", "a bad item is INVALID_ARGUMENT naming users[3].email")
        check(users.create_user(email("c0"), "C0").id != "", "nothing of the bad batch was created")

        step("Chat across two streams")
        room = f"room-{RUN}"
        alice, bob = Participant(users, room), Participant(users, room)
        time.sleep(0.5)
        alice.send(f"hello from python {RUN}")
        message = bob.received.get(timeout=10)
        check(alice.received.get(timeout=10).content == message.content == f"hello from python {RUN}",
              "both participants receive the message")
        check(message.user_id == SUBJECT, f"the sender is the token's subject ({SUBJECT})")
        alice.leave()
        bob.leave()

    print(f"python session: {passed} passed, 0 failed")


class Participant:
    """One Chat stream: requests from a queue, responses into another."""

    def __init__(self, users, room):
        self.room = room
        self.outgoing = queue.Queue()
        self.received = queue.Queue()
        self.outgoing.put(chat_pb2.ChatRequest(room=room))  # empty content joins without posting
        self.stream = users.stub.Chat(iter(self.outgoing.get, None), timeout=30)
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self):
        try:
            for response in self.stream:
                self.received.put(response.message)
        except grpc.RpcError:
            pass  # the stream ended when we left

    def send(self, content):
        self.outgoing.put(chat_pb2.ChatRequest(room=self.room, content=content))

    def leave(self):
        self.outgoing.put(None)


if __name__ == "__main__":
    main()
