"""Python client for the users.v1 gRPC user directory.

``UsersClient`` wraps the calls; ``UsersError`` is what they raise. The generated messages and
stubs are exposed for everything else: ``users_client.user_pb2`` (User, Profile, UserStatus,
ChangeType), ``users_client.user_service_pb2`` (requests and responses),
``users_client.user_service_pb2_grpc`` (``UserServiceStub``) and ``users_client.chat_pb2``,
``users_client.collaborative_edit_pb2``.
"""
from users_client._auth import TokenSource
from users_client._client import UsersClient
from users_client._errors import UsersError
from users_client.gen.users.v1 import (
    chat_pb2,
    collaborative_edit_pb2,
    user_pb2,
    user_service_pb2,
    user_service_pb2_grpc,
)

__all__ = [
    "UsersClient",
    "UsersError",
    "TokenSource",
    "chat_pb2",
    "collaborative_edit_pb2",
    "user_pb2",
    "user_service_pb2",
    "user_service_pb2_grpc",
]
