"""The users.v1.1 calls against the real service: batch reads, soft delete and undelete, status
changes, annotations and external ids."""
import uuid

import grpc
import pytest

from users_client import UsersError, user_pb2


def test_batch_get_returns_the_users_in_the_order_asked_for(client, unique):
    a, b = (client.create_user(f"{unique(n)}@example.com", n) for n in ("batch-a", "batch-b"))
    got = client.batch_get_users([b.id, a.id, b.id])
    assert [user.id for user in got] == [b.id, a.id, b.id]
    assert got[1].email == a.email


def test_batch_get_with_an_unknown_id_is_not_found_naming_it(client, unique):
    known = client.create_user(f"{unique('batch-known')}@example.com", "Known")
    missing = str(uuid.uuid4())
    with pytest.raises(UsersError) as raised:
        client.batch_get_users([known.id, missing])
    assert raised.value.code == grpc.StatusCode.NOT_FOUND
    assert raised.value.metadata["id"] == missing


def test_deactivate_then_reactivate_and_a_second_deactivate_is_an_invalid_transition(client, unique):
    created = client.create_user(f"{unique('status')}@example.com", "Status")
    inactive = client.deactivate_user(created.id, etag=created.etag)
    assert inactive.status == user_pb2.USER_STATUS_INACTIVE
    with pytest.raises(UsersError) as again:
        client.deactivate_user(created.id)
    assert again.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert again.value.reason == "INVALID_STATUS_TRANSITION"
    with pytest.raises(UsersError) as stale:
        client.reactivate_user(created.id, etag=created.etag)
    assert stale.value.reason == "ETAG_MISMATCH"
    active = client.reactivate_user(created.id, etag=inactive.etag)
    assert active.status == user_pb2.USER_STATUS_ACTIVE
    assert client.get_user(created.id).status == user_pb2.USER_STATUS_ACTIVE


def test_delete_then_undelete_restores_the_user(client, unique):
    created = client.create_user(f"{unique('undel')}@example.com", "Undeleted")
    client.delete_user(created.id)
    with pytest.raises(UsersError) as hidden:
        client.get_user(created.id)
    assert hidden.value.code == grpc.StatusCode.NOT_FOUND
    deleted = client.get_user(created.id, show_deleted=True)
    assert deleted.HasField("delete_time") and deleted.HasField("purge_time")

    restored = client.undelete_user(created.id, etag=deleted.etag)
    assert restored.id == created.id and not restored.HasField("delete_time")
    assert client.get_user(created.id).email == created.email
    with pytest.raises(UsersError) as not_deleted:
        client.undelete_user(created.id)
    assert not_deleted.value.code == grpc.StatusCode.ALREADY_EXISTS
    assert not_deleted.value.reason == "USER_NOT_DELETED"


def test_annotations_and_external_id_round_trip_and_the_external_id_is_unique(client, unique):
    external_id = unique("hr")
    annotations = {"example.com/team": "ops", "cost-center": "42"}
    created = client.create_user(f"{unique('ann')}@example.com", "Annotated", annotations=annotations,
                                 external_id=external_id)
    got = client.get_user(created.id)
    assert dict(got.annotations) == annotations
    assert got.external_id == external_id
    with pytest.raises(UsersError) as taken:
        client.create_user(f"{unique('ann2')}@example.com", "Other", external_id=external_id)
    assert taken.value.code == grpc.StatusCode.ALREADY_EXISTS
    assert taken.value.reason == "EXTERNAL_ID_TAKEN"


def test_list_follows_order_by_across_pages_and_shows_deleted_users_on_request(client, unique):
    tag = unique("order")
    created = {name: client.create_user(f"{unique(name)}@example.com", name, tags=[tag]) for name in ("Bea", "Cid", "Abe")}
    listed = [user.name for user in client.list_users(f'tag = "{tag}"', page_size=2, order_by="name desc")]
    assert listed == ["Cid", "Bea", "Abe"]

    client.delete_user(created["Bea"].id)
    assert [user.name for user in client.list_users(f'tag = "{tag}"', order_by="name")] == ["Abe", "Cid"]
    shown = list(client.list_users(f'tag = "{tag}"', page_size=2, order_by="name", show_deleted=True))
    assert [user.name for user in shown] == ["Abe", "Bea", "Cid"]
    assert shown[1].HasField("delete_time") and not shown[0].HasField("delete_time")
