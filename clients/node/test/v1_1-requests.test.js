// The users.v1.1 calls against an in-process server: the requests that leave the client, the
// answers it makes of them, and which of them the channel's service config retries.
const assert = require('node:assert/strict');
const { after, before, beforeEach, test } = require('node:test');
const { Metadata, Server, ServerCredentials } = require('@grpc/grpc-js');
const { status, UsersClient, UsersError, UserStatus } = require('..');
const api = require('../dist/gen/users/v1/user_service');
const { ErrorInfo } = require('../dist/gen/google/rpc/error_details');
const { Status } = require('../dist/gen/google/rpc/status');

// Every attempt is recorded; the next scripted failures ([code, reason?]) answer the next
// attempts, whatever their method; the rest succeed, with api[`${method}Response`] made of what
// `respond` gives.
let attempts = [];
let script = [];
const made = (method) => attempts.filter(([name]) => name === method).map(([, request]) => request);

function answer(method, respond) {
  return (call, callback) => {
    attempts.push([method, call.request]);
    const failure = script.shift();
    if (!failure) return callback(null, api[`${method}Response`].fromPartial(respond(call.request)));
    const [code, reason] = failure;
    const metadata = new Metadata();
    if (reason) {
      const info = ErrorInfo.encode({ reason, domain: 'users.v1', metadata: { id: 'x' } }).finish();
      metadata.set('grpc-status-details-bin', Buffer.from(Status.encode({ code, message: 'scripted',
        details: [{ typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', value: info }] }).finish()));
    }
    return callback({ code, details: 'scripted', metadata });
  };
}

const statusChange = (method, userStatus) => answer(method, ({ id, etag }) => ({ user: { id, etag: `after-${etag}`, status: userStatus } }));

const server = new Server();
let client;

before(async () => {
  server.addService(api.UserServiceService, {
    getUser: answer('GetUser', ({ id }) => ({ user: { id } })),
    createUser: answer('CreateUser', ({ annotations, externalId }) => ({ user: { id: 'new', annotations, externalId } })),
    batchGetUsers: answer('BatchGetUsers', ({ ids }) => ({ users: ids.map((id) => ({ id })) })),
    undeleteUser: statusChange('UndeleteUser', UserStatus.USER_STATUS_ACTIVE),
    deactivateUser: statusChange('DeactivateUser', UserStatus.USER_STATUS_INACTIVE),
    reactivateUser: statusChange('ReactivateUser', UserStatus.USER_STATUS_ACTIVE),
    listUsers: (call) => {
      attempts.push(['ListUsers', call.request]);
      call.write(api.ListUsersResponse.fromPartial({ user: { id: 'listed' } }));
      call.end();
    },
  });
  const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(),
    (error, bound) => (error ? reject(error) : resolve(bound))));
  client = new UsersClient(`127.0.0.1:${port}`, { token: 'scripted-token', deadlineMs: 10_000 });
});

after(() => {
  client?.close();
  server.forceShutdown();
});

beforeEach(() => {
  attempts = [];
  script = [];
});

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UsersError, `a UsersError, not ${error}`);
    return error;
  }
  assert.fail('the call succeeded but should have failed');
}

test('batchGetUsers sends the ids in order and returns the users in that order', async () => {
  const users = await client.batchGetUsers(new Set(['b', 'a']).values());
  assert.deepEqual(users.map((u) => u.id), ['b', 'a']);
  assert.deepEqual((await client.batchGetUsers(['b', 'a', 'b'])).map((u) => u.id), ['b', 'a', 'b']);
  assert.deepEqual(made('BatchGetUsers').map((r) => r.ids), [['b', 'a'], ['b', 'a', 'b']]);
});

test('batchGetUsers refuses a single string rather than ask for its characters', async () => {
  await assert.rejects(client.batchGetUsers('7b0c5b7e-0f0e-4d6a-9a43-6c7f3f1c2d11'), TypeError);
  assert.deepEqual(made('BatchGetUsers'), []);
});

test('batchGetUsers is retried on UNAVAILABLE like the other reads', async () => {
  script = [[status.UNAVAILABLE]];
  assert.deepEqual((await client.batchGetUsers(['a'])).map((u) => u.id), ['a']);
  assert.equal(made('BatchGetUsers').length, 2);
});

for (const [name, method] of [['undeleteUser', 'UndeleteUser'], ['deactivateUser', 'DeactivateUser'], ['reactivateUser', 'ReactivateUser']]) {
  test(`${name} sends id and etag and is never retried`, async () => {
    const changed = await client[name]('u1', 'e1');
    assert.deepEqual([changed.id, changed.etag], ['u1', 'after-e1']);
    await client[name]('u2');
    assert.deepEqual(made(method).map(({ id, etag }) => [id, etag]), [['u1', 'e1'], ['u2', '']]);

    script = [[status.UNAVAILABLE]];
    assert.equal((await rejection(client[name]('u3'))).code, status.UNAVAILABLE);
    assert.equal(made(method).length, 3); // the lost answer is the caller's to judge, not retried
  });
}

test('a refused transition is a UsersError with its reason', async () => {
  script = [[status.FAILED_PRECONDITION, 'INVALID_STATUS_TRANSITION']];
  const error = await rejection(client.deactivateUser('u1'));
  assert.equal(error.code, status.FAILED_PRECONDITION);
  assert.equal(error.reason, 'INVALID_STATUS_TRANSITION');
});

test('getUser and listUsers send showDeleted and orderBy, and default to neither', async () => {
  await client.getUser('u1');
  await client.getUser('u1', { showDeleted: true });
  assert.deepEqual(made('GetUser').map((r) => r.showDeleted), [false, true]);

  const listed = [];
  for await (const user of client.listUsers({ filter: 'tag = "x"', pageSize: 10 })) listed.push(user.id);
  assert.deepEqual(listed, ['listed']);
  for await (const _ of client.listUsers({ pageSize: 5, orderBy: 'name desc', showDeleted: true }));
  assert.deepEqual(made('ListUsers').map((r) => [r.filter, r.pageSize, r.orderBy, r.showDeleted]),
    [['tag = "x"', 10, '', false], ['', 5, 'name desc', true]]);
});

test('createUser sends annotations and externalId', async () => {
  const created = await client.createUser({ email: 'a@example.com', name: 'A', annotations: { 'example.com/team': 'ops' }, externalId: 'hr-1' });
  await client.createUser({ email: 'b@example.com', name: 'B' });
  assert.deepEqual(made('CreateUser').map((r) => [r.annotations, r.externalId]),
    [[{ 'example.com/team': 'ops' }, 'hr-1'], [{}, '']]);
  assert.deepEqual([created.annotations, created.externalId], [{ 'example.com/team': 'ops' }, 'hr-1']);
});
