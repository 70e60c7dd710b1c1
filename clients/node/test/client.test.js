// UsersClient against the real service: unary calls, errors, deadlines, the token, paging and a
// watch across a service restart. One service for the file, started before the first test.
const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { after, before, describe, test } = require('node:test');
const { ChangeType, status, UserStatus, UsersClient, UsersError } = require('..');
const { Service } = require('./service');

const service = new Service();
let client;
const run = randomUUID().slice(0, 10);
const unique = (name) => `node-${run}-${name}`;
const email = (name) => `${unique(name)}@example.com`;

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UsersError, `a UsersError, not ${error}`);
    return error;
  }
  assert.fail('the call succeeded but should have failed');
}

before(async () => {
  await service.start();
  // Generous: the first calls warm a cold JVM, on a machine shared with other builds.
  client = new UsersClient(service.target, { token: () => service.token, deadlineMs: 30_000 });
});

after(async () => {
  client?.close();
  await service.remove();
});

describe('unary calls', () => {
  test('create with a requestId returns the first user on a repeat', async () => {
    const input = { email: email('ada'), name: 'Ada', age: 36, tags: ['math'], requestId: unique('create') };
    const first = await client.createUser(input);
    const repeat = await client.createUser(input);
    assert.equal(repeat.id, first.id);
    assert.equal(repeat.etag, first.etag);
  });

  test('create without a requestId creates the user, stored lower-cased', async () => {
    const created = await client.createUser({ email: email('Grace').replace('grace', 'GRACE'), name: 'Grace', profile: { bio: 'COBOL', avatarUrl: '' } });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.email, email('grace'));
    assert.equal(created.status, UserStatus.USER_STATUS_ACTIVE);
    assert.equal(created.profile?.bio, 'COBOL');
    assert.ok(created.createdAt instanceof Date);
  });

  test('get returns what was created', async () => {
    const created = await client.createUser({ email: email('get'), name: 'Gotten', age: 41, tags: ['a', 'b'] });
    const got = await client.getUser(created.id);
    assert.deepEqual([got.id, got.email, got.name, got.age, got.tags], [created.id, created.email, 'Gotten', 41, ['a', 'b']]);
  });

  test('get of a missing user is NOT_FOUND', async () => {
    const error = await rejection(client.getUser(randomUUID()));
    assert.equal(error.code, status.NOT_FOUND);
    assert.ok(error.reason);
  });

  test('update changes only the named paths and the etag', async () => {
    const created = await client.createUser({ email: email('upd'), name: 'Before', age: 30 });
    const updated = await client.updateUser({ id: created.id, name: 'After', age: 99 }, ['name'], created.etag);
    assert.deepEqual([updated.name, updated.age], ['After', 30]);
    assert.notEqual(updated.etag, created.etag);
  });

  test('update with a stale etag is ETAG_MISMATCH and writes nothing', async () => {
    const created = await client.createUser({ email: email('stale'), name: 'Original' });
    await client.updateUser({ id: created.id, name: 'First writer' }, ['name'], created.etag);
    const error = await rejection(client.updateUser({ id: created.id, name: 'Second writer' }, ['name'], created.etag));
    assert.equal(error.code, status.ABORTED);
    assert.equal(error.reason, 'ETAG_MISMATCH');
    assert.equal((await client.getUser(created.id)).name, 'First writer');
  });

  test('an invalid email is a field violation on email', async () => {
    const error = await rejection(client.createUser({ email: 'not an email', name: 'Nobody' }));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.ok(error.fieldViolations.some((v) => v.field === 'email' && v.description), JSON.stringify(error.fieldViolations));
  });

  test('delete with a stale etag is aborted, with the current one deletes', async () => {
    const created = await client.createUser({ email: email('del'), name: 'Doomed' });
    const current = await client.updateUser({ id: created.id, age: 5 }, ['age']);
    assert.equal((await rejection(client.deleteUser(created.id, created.etag))).reason, 'ETAG_MISMATCH');
    await client.deleteUser(created.id, current.etag);
    assert.equal((await rejection(client.getUser(created.id))).code, status.NOT_FOUND);
  });

  test('a deadline that expires is DEADLINE_EXCEEDED', async () => {
    const hurried = new UsersClient(service.target, { token: service.token, deadlineMs: 1 });
    try {
      const error = await rejection((async () => { for await (const _ of hurried.listUsers({ pageSize: 1000 })); })());
      assert.equal(error.code, status.DEADLINE_EXCEEDED);
    } finally {
      hurried.close();
    }
  });

  test('no token is UNAUTHENTICATED', async () => {
    const anonymous = new UsersClient(service.target);
    try {
      const error = await rejection(anonymous.getUser(randomUUID()));
      assert.equal(error.code, status.UNAUTHENTICATED);
      assert.equal(error.domain, 'users.v1');
    } finally {
      anonymous.close();
    }
  });

  test('a token function is asked for every call', async () => {
    let asked = 0;
    const users = new UsersClient(service.target, { token: async () => { asked += 1; return service.token; } });
    try {
      const created = await users.createUser({ email: email('tok'), name: 'Token' });
      await users.getUser(created.id);
      assert.equal(asked, 2);
    } finally {
      users.close();
    }
  });
});

describe('v1.1 calls', () => {
  test('batchGetUsers returns the users in the order asked for', async () => {
    const a = await client.createUser({ email: email('batch-a'), name: 'A' });
    const b = await client.createUser({ email: email('batch-b'), name: 'B' });
    const got = await client.batchGetUsers([b.id, a.id, b.id]);
    assert.deepEqual(got.map((u) => u.id), [b.id, a.id, b.id]);
    assert.equal(got[1].email, a.email);
  });

  test('batchGetUsers with an unknown id is NOT_FOUND naming it', async () => {
    const known = await client.createUser({ email: email('batch-known'), name: 'Known' });
    const missing = randomUUID();
    const error = await rejection(client.batchGetUsers([known.id, missing]));
    assert.equal(error.code, status.NOT_FOUND);
    assert.equal(error.errorMetadata.id, missing);
  });

  test('deactivate then reactivate; a second deactivate is INVALID_STATUS_TRANSITION', async () => {
    const created = await client.createUser({ email: email('status'), name: 'Status' });
    const inactive = await client.deactivateUser(created.id, created.etag);
    assert.equal(inactive.status, UserStatus.USER_STATUS_INACTIVE);
    const again = await rejection(client.deactivateUser(created.id));
    assert.equal(again.code, status.FAILED_PRECONDITION);
    assert.equal(again.reason, 'INVALID_STATUS_TRANSITION');
    assert.equal((await rejection(client.reactivateUser(created.id, created.etag))).reason, 'ETAG_MISMATCH');
    const active = await client.reactivateUser(created.id, inactive.etag);
    assert.equal(active.status, UserStatus.USER_STATUS_ACTIVE);
    assert.equal((await client.getUser(created.id)).status, UserStatus.USER_STATUS_ACTIVE);
  });

  test('delete then undelete restores the user', async () => {
    const created = await client.createUser({ email: email('undel'), name: 'Undeleted' });
    await client.deleteUser(created.id);
    assert.equal((await rejection(client.getUser(created.id))).code, status.NOT_FOUND);
    const deleted = await client.getUser(created.id, { showDeleted: true });
    assert.ok(deleted.deleteTime instanceof Date && deleted.purgeTime instanceof Date);

    const restored = await client.undeleteUser(created.id, deleted.etag);
    assert.equal(restored.id, created.id);
    assert.equal(restored.deleteTime, undefined);
    assert.equal((await client.getUser(created.id)).email, created.email);
    const notDeleted = await rejection(client.undeleteUser(created.id));
    assert.equal(notDeleted.code, status.ALREADY_EXISTS);
    assert.equal(notDeleted.reason, 'USER_NOT_DELETED');
  });

  test('listUsers follows orderBy across pages and shows deleted users on request', async () => {
    const tag = unique('order');
    const created = {};
    for (const name of ['Bea', 'Cid', 'Abe']) created[name] = await client.createUser({ email: email(`order-${name}`), name, tags: [tag] });
    const names = async (options) => {
      const users = [];
      for await (const user of client.listUsers({ filter: `tag = "${tag}"`, ...options })) users.push(user);
      return users;
    };
    assert.deepEqual((await names({ pageSize: 2, orderBy: 'name desc' })).map((u) => u.name), ['Cid', 'Bea', 'Abe']);

    await client.deleteUser(created.Bea.id);
    assert.deepEqual((await names({ orderBy: 'name' })).map((u) => u.name), ['Abe', 'Cid']);
    const shown = await names({ pageSize: 2, orderBy: 'name', showDeleted: true });
    assert.deepEqual(shown.map((u) => u.name), ['Abe', 'Bea', 'Cid']);
    assert.ok(shown[1].deleteTime instanceof Date);
    assert.equal(shown[0].deleteTime, undefined);
  });

  test('annotations and externalId round-trip; the externalId is unique', async () => {
    const externalId = unique('hr');
    const annotations = { 'example.com/team': 'ops', 'cost-center': '42' };
    const created = await client.createUser({ email: email('ann'), name: 'Annotated', annotations, externalId });
    const got = await client.getUser(created.id);
    assert.deepEqual(got.annotations, annotations);
    assert.equal(got.externalId, externalId);
    const taken = await rejection(client.createUser({ email: email('ann2'), name: 'Other', externalId }));
    assert.equal(taken.code, status.ALREADY_EXISTS);
    assert.equal(taken.reason, 'EXTERNAL_ID_TAKEN');
  });
});

describe('streams', () => {
  test('list follows pages with no repeat and no gap', async () => {
    const tag = unique('list');
    const created = [];
    for (let i = 0; i < 7; i += 1) created.push((await client.createUser({ email: email(`l${i}`), name: `L${i}`, tags: [tag] })).id);
    const listed = [];
    for await (const user of client.listUsers({ filter: `tag = "${tag}"`, pageSize: 2 })) listed.push(user.id);
    assert.deepEqual(listed, created); // four pages of at most two, in creation order
  });

  test('list with an unparseable filter is INVALID_ARGUMENT', async () => {
    const error = await rejection((async () => { for await (const _ of client.listUsers({ filter: 'status ===' })); })());
    assert.equal(error.code, status.INVALID_ARGUMENT);
  });

  test('a watch survives a restart of the service', { timeout: 300_000 }, async () => {
    const writer = new UsersClient(service.target, { token: service.token, deadlineMs: 120_000, waitForReady: true });
    const watcher = new UsersClient(service.target, { token: service.token });
    const changes = watcher.watch();
    const next = () => changes.next().then(({ value }) => value);
    try {
      // "From now" starts when the service has the stream: write until a change arrives.
      let pending = next();
      let probe;
      let first;
      for (let i = 0; i < 40 && !first; i += 1) {
        probe = await writer.createUser({ email: email(`before${i}`), name: 'Before restart' });
        first = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 500))]);
      }
      assert.ok(first, 'the watch delivered nothing before the restart');
      while (first.user.id !== probe.id) first = await next();
      pending = undefined;

      await service.restart();

      const later = await writer.createUser({ email: email('after'), name: 'After restart' });
      await writer.updateUser({ id: later.id, age: 7 }, ['age']);
      const delivered = [await next(), await next()];
      assert.deepEqual(delivered.map((e) => [e.changeType, e.user.id]),
        [[ChangeType.CHANGE_TYPE_CREATED, later.id], [ChangeType.CHANGE_TYPE_UPDATED, later.id]]);
    } finally {
      await changes.return();
      writer.close();
      watcher.close();
    }
  });
});
