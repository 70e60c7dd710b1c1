"""UsersClient against the real service: unary calls, errors, deadlines and the token."""
import uuid

import grpc
import pytest

from users_client import UsersClient, UsersError, user_pb2


def test_create_with_request_id_returns_the_first_user_on_a_repeat(client, unique):
    request_id = unique("create")
    first = client.create_user(f"{unique('ada')}@example.com", "Ada", age=36, tags=["math"], request_id=request_id)
    repeat = client.create_user(f"{unique('ada')}@example.com", "Ada", age=36, tags=["math"], request_id=request_id)
    assert repeat.id == first.id
    assert repeat.etag == first.etag


def test_create_without_request_id_creates_the_user(client, unique):
    created = client.create_user(f"{unique('Grace')}@Example.com", "Grace", profile=user_pb2.Profile(bio="COBOL"))
    assert uuid.UUID(created.id)
    assert created.email == f"{unique('grace')}@example.com"
    assert created.status == user_pb2.USER_STATUS_ACTIVE
    assert created.profile.bio == "COBOL"


def test_get_returns_what_was_created(client, unique):
    created = client.create_user(f"{unique('get')}@example.com", "Gotten", age=41, tags=["a", "b"])
    got = client.get_user(created.id)
    assert (got.id, got.email, got.name, got.age, list(got.tags)) == (created.id, created.email, "Gotten", 41, ["a", "b"])


def test_get_of_a_missing_user_is_not_found(client):
    with pytest.raises(UsersError) as raised:
        client.get_user(str(uuid.uuid4()))
    assert raised.value.code == grpc.StatusCode.NOT_FOUND
    assert raised.value.reason is not None


def test_update_changes_only_the_named_paths_and_the_etag(client, unique):
    created = client.create_user(f"{unique('upd')}@example.com", "Before", age=30)
    updated = client.update_user(user_pb2.User(id=created.id, name="After", age=99), ["name"], etag=created.etag)
    assert (updated.name, updated.age) == ("After", 30)
    assert updated.etag != created.etag


def test_update_with_a_stale_etag_is_etag_mismatch_and_writes_nothing(client, unique):
    created = client.create_user(f"{unique('stale')}@example.com", "Original")
    client.update_user(user_pb2.User(id=created.id, name="First writer"), ["name"], etag=created.etag)
    with pytest.raises(UsersError) as raised:
        client.update_user(user_pb2.User(id=created.id, name="Second writer"), ["name"], etag=created.etag)
    assert raised.value.code == grpc.StatusCode.ABORTED
    assert raised.value.reason == "ETAG_MISMATCH"
    assert client.get_user(created.id).name == "First writer"


def test_an_invalid_email_is_a_field_violation_on_email(client):
    with pytest.raises(UsersError) as raised:
        client.create_user("not an email", "Nobody")
    assert raised.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "email" in [field for field, _ in raised.value.field_violations]
    assert all(description for _, description in raised.value.field_violations)


def test_delete_with_a_stale_etag_is_aborted_then_deletes_with_the_current_one(client, unique):
    created = client.create_user(f"{unique('del')}@example.com", "Doomed")
    current = client.update_user(user_pb2.User(id=created.id, age=5), ["age"])
    with pytest.raises(UsersError) as raised:
        client.delete_user(created.id, etag=created.etag)
    assert raised.value.reason == "ETAG_MISMATCH"
    client.delete_user(created.id, etag=current.etag)
    with pytest.raises(UsersError) as gone:
        client.get_user(created.id)
    assert gone.value.code == grpc.StatusCode.NOT_FOUND


def test_a_deadline_that_expires_is_deadline_exceeded(service):
    with UsersClient(service.target, token=service.token, deadline=0.001) as hurried:
        with pytest.raises(UsersError) as raised:
            list(hurried.list_users(page_size=1000))
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_no_token_is_unauthenticated(service):
    with UsersClient(service.target) as anonymous:
        with pytest.raises(UsersError) as raised:
            anonymous.get_user(str(uuid.uuid4()))
    assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
    assert raised.value.domain == "users.v1"


def test_a_token_function_is_asked_for_every_call(service, unique):
    asked = []

    def token():
        asked.append(1)
        return service.token

    with UsersClient(service.target, token=token) as users:
        created = users.create_user(f"{unique('tok')}@example.com", "Token")
        users.get_user(created.id)
    assert len(asked) == 2
