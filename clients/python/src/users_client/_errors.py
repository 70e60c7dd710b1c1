"""UsersError: a failed call, with the google.rpc details the service attaches to every error."""
from __future__ import annotations

from typing import List, Mapping, Optional, Tuple

import grpc

from users_client.gen.google.rpc import error_details_pb2, status_pb2

_DETAILS_KEY = "grpc-status-details-bin"


class UsersError(Exception):
    """A users.v1 call that failed.

    ``code`` is the gRPC status; ``reason`` the ``google.rpc.ErrorInfo`` reason (``ETAG_MISMATCH``,
    ``EMAIL_TAKEN``, ...) or None; ``field_violations`` the ``(field, description)`` pairs of a
    ``google.rpc.BadRequest`` (empty when none); ``metadata`` the ErrorInfo's metadata;
    ``retry_delay`` the seconds of a ``google.rpc.RetryInfo``, or None.
    """

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        *,
        reason: Optional[str] = None,
        domain: Optional[str] = None,
        metadata: Optional[Mapping[str, str]] = None,
        field_violations: Tuple[Tuple[str, str], ...] = (),
        retry_delay: Optional[float] = None,
    ) -> None:
        super().__init__(f"{code.name}: {message}" + (f" ({reason})" if reason else ""))
        self.code = code
        self.message = message
        self.reason = reason
        self.domain = domain
        self.metadata = dict(metadata or {})
        self.field_violations: List[Tuple[str, str]] = list(field_violations)
        self.retry_delay = retry_delay

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> "UsersError":
        """Decodes the status and its details of a failed grpcio call."""
        code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
        message = (error.details() if hasattr(error, "details") else None) or ""
        trailers = (error.trailing_metadata() if hasattr(error, "trailing_metadata") else None) or ()
        fields: dict = {}
        violations: List[Tuple[str, str]] = []
        for key, value in trailers:
            if key != _DETAILS_KEY:
                continue
            for detail in status_pb2.Status.FromString(value).details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    fields.update(reason=info.reason or None, domain=info.domain or None, metadata=dict(info.metadata))
                elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad_request = error_details_pb2.BadRequest()
                    detail.Unpack(bad_request)
                    violations += [(v.field, v.description) for v in bad_request.field_violations]
                elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                    retry = error_details_pb2.RetryInfo()
                    detail.Unpack(retry)
                    fields["retry_delay"] = retry.retry_delay.ToTimedelta().total_seconds()
        return cls(code, message, field_violations=tuple(violations), **fields)
