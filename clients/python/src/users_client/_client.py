"""UsersClient: the users.v1 calls with deadlines, retries, the token and decoded errors."""
from __future__ import annotations

import json
import uuid
from importlib import resources
from typing import Iterable, Iterator, List, Mapping, Optional, Sequence

import grpc
from google.protobuf import field_mask_pb2

from users_client._auth import BearerToken, TokenSource
from users_client._errors import UsersError
from users_client._watch import Backoff, ResumingWatch
from users_client.gen.users.v1 import user_pb2, user_service_pb2 as api, user_service_pb2_grpc

_SERVICE_CONFIG = resources.files("users_client.gen").joinpath("service_config.json").read_text()


class UsersClient:
    """A client of the users.v1 ``UserService``.

    ``target`` is ``host:port``, reached in plaintext unless ``credentials`` (e.g.
    ``grpc.ssl_channel_credentials()``) are given. ``token`` is sent as ``authorization: Bearer``
    on every call; pass a function to have it called for every call (tokens that expire).
    ``deadline`` (seconds) bounds every call. Retries follow the channel's service config:
    reads and creates on UNAVAILABLE and RESOURCE_EXHAUSTED, never the other writes (update,
    delete, undelete, deactivate, reactivate), where a retry after a lost answer would report a
    failure for a write that happened.

    Calls fail fast with UNAVAILABLE while the service is unreachable; with ``wait_for_ready``
    they wait for it instead, up to their deadline.

    Use it as a context manager, or call ``close()``. ``stub`` is the generated
    ``UserServiceStub`` on the same channel (token included) for the calls not wrapped here.
    """

    def __init__(
        self,
        target: str,
        token: Optional[TokenSource] = None,
        deadline: float = 5.0,
        *,
        credentials: Optional[grpc.ChannelCredentials] = None,
        wait_for_ready: bool = False,
        watch_stream_deadline: float = 30 * 60.0,
        options: Sequence[tuple] = (),
    ) -> None:
        channel_options = [
            ("grpc.service_config", _SERVICE_CONFIG),
            ("grpc.enable_retries", 1),
            # The service allows one keepalive ping a minute.
            ("grpc.keepalive_time_ms", 120_000),
            ("grpc.keepalive_timeout_ms", 20_000),
            # grpc's default lets reconnection attempts drift to two minutes apart while the
            # service is away, so a restarted service would go unused for that long.
            ("grpc.initial_reconnect_backoff_ms", 250),
            ("grpc.max_reconnect_backoff_ms", 5_000),
            *options,
        ]
        if credentials is None:
            self._channel = grpc.insecure_channel(target, options=channel_options)
        else:
            self._channel = grpc.secure_channel(target, credentials, options=channel_options)
        channel = grpc.intercept_channel(self._channel, BearerToken(token)) if token else self._channel
        self.stub = user_service_pb2_grpc.UserServiceStub(channel)
        self.deadline = deadline
        self.wait_for_ready = wait_for_ready
        self._watch_stream_deadline = watch_stream_deadline

    def __enter__(self) -> "UsersClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the channel; calls still running are cancelled."""
        self._channel.close()

    def _unary(self, method, request):
        try:
            return method(request, timeout=self.deadline, wait_for_ready=self.wait_for_ready)
        except grpc.RpcError as error:
            raise UsersError.from_rpc_error(error) from None

    def get_user(self, id: str, *, show_deleted: bool = False) -> user_pb2.User:
        """The user with this id; NOT_FOUND when there is none, or when it is soft-deleted unless
        ``show_deleted`` (then its ``delete_time`` and ``purge_time`` are set)."""
        return self._unary(self.stub.GetUser, api.GetUserRequest(id=id, show_deleted=show_deleted)).user

    def batch_get_users(self, ids: Iterable[str]) -> List[user_pb2.User]:
        """The users with these ids (1–1000), in the order asked for, a repeated id repeated. When
        any id names no user (or a soft-deleted one): NOT_FOUND, with that id in the error's
        ``metadata["id"]``, and no users. Retried like the other reads."""
        if isinstance(ids, str):  # an iterable of its characters: surely one id meant as a list
            raise TypeError("batch_get_users takes a list of ids, not a str")
        return list(self._unary(self.stub.BatchGetUsers, api.BatchGetUsersRequest(ids=list(ids))).users)

    def create_user(
        self,
        email: str,
        name: str,
        *,
        age: int = 0,
        tags: Iterable[str] = (),
        profile: Optional[user_pb2.Profile] = None,
        request_id: Optional[str] = None,
        annotations: Optional[Mapping[str, str]] = None,
        external_id: Optional[str] = None,
    ) -> user_pb2.User:
        """Creates a user. Without ``request_id`` one is generated, so that the channel's retries
        (and the caller's, with the same id) return the user the first attempt created.
        ``annotations`` is free-form metadata for other systems (at most 64 entries);
        ``external_id`` the user's id elsewhere, unique: ALREADY_EXISTS, reason
        ``EXTERNAL_ID_TAKEN``, when another user has it."""
        request = api.CreateUserRequest(
            email=email, name=name, age=age, tags=list(tags), profile=profile,
            request_id=request_id or str(uuid.uuid4()),
            annotations=dict(annotations or {}), external_id=external_id or "",
        )
        return self._unary(self.stub.CreateUser, request).user

    def update_user(self, user: user_pb2.User, paths: Iterable[str], etag: Optional[str] = None) -> user_pb2.User:
        """Changes the fields named in ``paths`` to their values in ``user`` (``user.id`` names the
        user). With an ``etag`` (or ``user.etag``) the update applies only if the user is unchanged
        since it was read: ABORTED, reason ETAG_MISMATCH, otherwise."""
        changed = user_pb2.User()
        changed.CopyFrom(user)
        if etag is not None:
            changed.etag = etag
        mask = field_mask_pb2.FieldMask(paths=list(paths))
        return self._unary(self.stub.UpdateUser, api.UpdateUserRequest(user=changed, update_mask=mask)).user

    def delete_user(self, id: str, etag: Optional[str] = None) -> None:
        """Soft-deletes the user: it disappears from every read unless ``show_deleted`` is asked
        for, and ``undelete_user`` restores it until its ``purge_time``."""
        self._unary(self.stub.DeleteUser, api.DeleteUserRequest(id=id, etag=etag or ""))

    def undelete_user(self, id: str, etag: Optional[str] = None) -> user_pb2.User:
        """Restores a soft-deleted user. ALREADY_EXISTS (``USER_NOT_DELETED``) when it is not
        deleted, NOT_FOUND when it never existed or was purged; with an ``etag``, ABORTED /
        ``ETAG_MISMATCH`` if the deleted user changed since it was read. Not retried."""
        return self._unary(self.stub.UndeleteUser, api.UndeleteUserRequest(id=id, etag=etag or "")).user

    def deactivate_user(self, id: str, etag: Optional[str] = None) -> user_pb2.User:
        """ACTIVE (or SUSPENDED) → INACTIVE. FAILED_PRECONDITION, reason
        ``INVALID_STATUS_TRANSITION``, when it is INACTIVE already; with an ``etag``, ABORTED /
        ``ETAG_MISMATCH`` if the user changed since it was read. Not retried."""
        return self._unary(self.stub.DeactivateUser, api.DeactivateUserRequest(id=id, etag=etag or "")).user

    def reactivate_user(self, id: str, etag: Optional[str] = None) -> user_pb2.User:
        """INACTIVE (or SUSPENDED) → ACTIVE. FAILED_PRECONDITION, reason
        ``INVALID_STATUS_TRANSITION``, when it is ACTIVE already; with an ``etag``, ABORTED /
        ``ETAG_MISMATCH`` if the user changed since it was read. Not retried."""
        return self._unary(self.stub.ReactivateUser, api.ReactivateUserRequest(id=id, etag=etag or "")).user

    def list_users(
        self, filter: str = "", page_size: int = 100, *, order_by: str = "", show_deleted: bool = False,
    ) -> Iterator[user_pb2.User]:
        """Every user matching ``filter`` (AIP-160, e.g. ``tag = "x"``), page after page, in
        ``order_by`` order (AIP-132: ``created_at``, the default, ``name``, ``email``, ``age`` or
        ``updated_at``, optionally followed by `` desc``; ties by id); soft-deleted users too with
        ``show_deleted``. Each page is read whole within the deadline before its users are
        yielded, so a slow consumer never makes a page's call expire."""
        token = ""
        while True:
            request = api.ListUsersRequest(
                page_size=page_size, page_token=token, filter=filter, order_by=order_by, show_deleted=show_deleted,
            )
            try:
                page = list(self.stub.ListUsers(request, timeout=self.deadline, wait_for_ready=self.wait_for_ready))
            except grpc.RpcError as error:
                raise UsersError.from_rpc_error(error) from None
            for message in page:
                yield message.user
            token = page[-1].next_page_token if page else ""
            if not token:
                return

    def watch(self, resume_token: str = "") -> ResumingWatch:
        """Every change after ``resume_token`` (from now when empty), as it happens, for as long as
        the iterator is consumed; when the stream breaks (the service restarted, a replica went
        away) it re-opens from the last event's token, so no change is lost or repeated.
        ``close()`` it (from any thread), or use it in a ``with`` block, to stop watching; its
        ``resume_token`` is the last delivered event's, to continue later."""
        # Re-opened streams wait for the service to be back rather than spin against it.
        return ResumingWatch(
            lambda request, deadline: self.stub.WatchUserChanges(request, timeout=deadline, wait_for_ready=True),
            resume_token,
            self._watch_stream_deadline,
            Backoff(),
        )
