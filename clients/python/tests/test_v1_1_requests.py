"""The users.v1.1 calls against an in-process server: the requests that leave the client, the
answers it makes of them, and which of them the channel's service config retries."""
from concurrent import futures

import grpc
import pytest
from google.protobuf import any_pb2

from users_client import UsersClient, UsersError, user_pb2, user_service_pb2 as api, user_service_pb2_grpc
from users_client.gen.google.rpc import error_details_pb2, status_pb2


class ScriptedService(user_service_pb2_grpc.UserServiceServicer):
    """Records every attempt; the next scripted failures (a code and an optional ErrorInfo reason)
    answer the next attempts, whatever their method; the rest succeed."""

    def __init__(self):
        self.attempts = []
        self.script = []

    def _answer(self, method, request, context, response):
        self.attempts.append((method, request))
        if self.script:
            code, reason = self.script.pop(0)
            if reason:
                status = status_pb2.Status(code=code.value[0], message="scripted")
                detail = any_pb2.Any()
                detail.Pack(error_details_pb2.ErrorInfo(reason=reason, domain="users.v1", metadata={"id": "x"}))
                status.details.append(detail)
                context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
            context.abort(code, "scripted")
        return response

    def made(self, method):
        return [request for name, request in self.attempts if name == method]

    def GetUser(self, request, context):
        return self._answer("GetUser", request, context, api.GetUserResponse(user=user_pb2.User(id=request.id)))

    def CreateUser(self, request, context):
        user = user_pb2.User(id="new", annotations=request.annotations, external_id=request.external_id)
        return self._answer("CreateUser", request, context, api.CreateUserResponse(user=user))

    def ListUsers(self, request, context):
        self._answer("ListUsers", request, context, None)
        yield api.ListUsersResponse(user=user_pb2.User(id="listed"))

    def BatchGetUsers(self, request, context):
        users = [user_pb2.User(id=id) for id in request.ids]
        return self._answer("BatchGetUsers", request, context, api.BatchGetUsersResponse(users=users))

    def _status_change(self, method, request, context, response_type, status):
        user = user_pb2.User(id=request.id, status=status, etag="after-" + request.etag)
        return self._answer(method, request, context, response_type(user=user))

    def UndeleteUser(self, request, context):
        return self._status_change("UndeleteUser", request, context, api.UndeleteUserResponse,
                                   user_pb2.USER_STATUS_ACTIVE)

    def DeactivateUser(self, request, context):
        return self._status_change("DeactivateUser", request, context, api.DeactivateUserResponse,
                                   user_pb2.USER_STATUS_INACTIVE)

    def ReactivateUser(self, request, context):
        return self._status_change("ReactivateUser", request, context, api.ReactivateUserResponse,
                                   user_pb2.USER_STATUS_ACTIVE)


@pytest.fixture
def scripted():
    service = ScriptedService()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    user_service_pb2_grpc.add_UserServiceServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with UsersClient(f"127.0.0.1:{port}", token="scripted-token", deadline=10.0) as users:
        yield service, users
    server.stop(None)


def test_batch_get_sends_the_ids_in_order_and_returns_the_users_in_that_order(scripted):
    service, users = scripted
    got = users.batch_get_users(iter(["b", "a", "b"]))
    assert [user.id for user in got] == ["b", "a", "b"]
    assert list(service.made("BatchGetUsers")[0].ids) == ["b", "a", "b"]


def test_batch_get_refuses_a_single_str_rather_than_ask_for_its_characters(scripted):
    service, users = scripted
    with pytest.raises(TypeError):
        users.batch_get_users("7b0c5b7e-0f0e-4d6a-9a43-6c7f3f1c2d11")
    assert service.made("BatchGetUsers") == []


def test_batch_get_is_retried_on_unavailable_like_the_other_reads(scripted):
    service, users = scripted
    service.script = [(grpc.StatusCode.UNAVAILABLE, None)]
    assert [user.id for user in users.batch_get_users(["a"])] == ["a"]
    assert len(service.made("BatchGetUsers")) == 2


@pytest.mark.parametrize("call, method", [
    (UsersClient.undelete_user, "UndeleteUser"),
    (UsersClient.deactivate_user, "DeactivateUser"),
    (UsersClient.reactivate_user, "ReactivateUser"),
])
def test_the_status_writes_send_id_and_etag_and_are_never_retried(scripted, call, method):
    service, users = scripted
    changed = call(users, "u1", etag="e1")
    assert (changed.id, changed.etag) == ("u1", "after-e1")
    call(users, "u2")
    requests = service.made(method)
    assert [(r.id, r.etag) for r in requests] == [("u1", "e1"), ("u2", "")]

    service.script = [(grpc.StatusCode.UNAVAILABLE, None)]
    with pytest.raises(UsersError) as raised:
        call(users, "u3")
    assert raised.value.code == grpc.StatusCode.UNAVAILABLE
    assert len(service.made(method)) == 3  # the lost answer is the caller's to judge, not retried


def test_a_refused_transition_is_a_users_error_with_its_reason(scripted):
    service, users = scripted
    service.script = [(grpc.StatusCode.FAILED_PRECONDITION, "INVALID_STATUS_TRANSITION")]
    with pytest.raises(UsersError) as raised:
        users.deactivate_user("u1")
    assert raised.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert raised.value.reason == "INVALID_STATUS_TRANSITION"


def test_get_and_list_send_show_deleted_and_order_by_and_default_to_neither(scripted):
    service, users = scripted
    users.get_user("u1")
    users.get_user("u1", show_deleted=True)
    assert [r.show_deleted for r in service.made("GetUser")] == [False, True]

    assert [user.id for user in users.list_users('tag = "x"', 10)] == ["listed"]
    list(users.list_users(page_size=5, order_by="name desc", show_deleted=True))
    sent = [(r.filter, r.page_size, r.order_by, r.show_deleted) for r in service.made("ListUsers")]
    assert sent == [('tag = "x"', 10, "", False), ("", 5, "name desc", True)]


def test_create_sends_annotations_and_external_id(scripted):
    service, users = scripted
    created = users.create_user("a@example.com", "A", annotations={"example.com/team": "ops"}, external_id="hr-1")
    users.create_user("b@example.com", "B")
    first, second = service.made("CreateUser")
    assert (dict(first.annotations), first.external_id) == ({"example.com/team": "ops"}, "hr-1")
    assert (dict(second.annotations), second.external_id) == ({}, "")
    assert (dict(created.annotations), created.external_id) == ({"example.com/team": "ops"}, "hr-1")
