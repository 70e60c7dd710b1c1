"""create_user's request_id, checked on the request that leaves the client."""
from users_client import UsersClient, user_service_pb2 as api


class RecordingStub:
    def __init__(self):
        self.requests = []

    def CreateUser(self, request, timeout, wait_for_ready):
        self.requests.append((request, timeout))
        return api.CreateUserResponse()


def test_a_missing_request_id_is_generated_fresh_for_every_create_and_a_given_one_is_kept():
    with UsersClient("127.0.0.1:1", deadline=3.0) as client:
        client.stub = RecordingStub()
        client.create_user("a@example.com", "A")
        client.create_user("b@example.com", "B")
        client.create_user("c@example.com", "C", request_id="mine")
    generated = [request.request_id for request, _ in client.stub.requests]
    assert generated[0] and generated[1] and generated[0] != generated[1]
    assert generated[2] == "mine"
    assert {timeout for _, timeout in client.stub.requests} == {3.0}
