// A scripted session against users.v1 through the @usersv1/users-client package.
// Env: USERS_TARGET (host:port, default localhost:9090), USERS_TOKEN (a bearer token with
//      users.read users.write chat, e.g. the one the dev profile prints).
const { randomUUID } = require('node:crypto');
const { ChangeType, status, userService, UsersClient, UsersError, UserStatus } = require('@usersv1/users-client');

const target = process.env.USERS_TARGET ?? 'localhost:9090';
const token = process.env.USERS_TOKEN ?? '';
const subject = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
const run = randomUUID().slice(0, 8);
const email = (name) => `node-${run}-${name}@example.com`;

let passed = 0;
function check(condition, what) {
  if (!condition) throw new Error(`expected: ${what}`);
  passed += 1;
  console.log(`  ok: ${what}`);
}
const step = (what) => console.log(`== ${what}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(promise) {
  try { await promise; } catch (error) {
    if (error instanceof UsersError) return error;
    throw error;
  }
  throw new Error('the call succeeded but should have failed');
}

async function main() {
  step('no token: UNAUTHENTICATED');
  const anonymous = new UsersClient(target);
  const unauthenticated = await failure(anonymous.getUser(randomUUID()));
  check(unauthenticated.code === status.UNAUTHENTICATED && unauthenticated.domain === 'users.v1',
    `a call without a token is UNAUTHENTICATED (${unauthenticated.reason})`);
  anonymous.close();

  const users = new UsersClient(target, { token, deadlineMs: 10_000 });
  step('create, repeat with the same requestId, get');
  const input = { email: email('ada'), name: 'Ada', age: 36, tags: [run], requestId: `node-${run}` };
  const created = await users.createUser(input);
  check((await users.createUser(input)).id === created.id, 'a repeated requestId returns the same user');
  check((await users.getUser(created.id)).email === input.email, 'GetUser returns it');

  step('update with the etag read, then with the stale one');
  const updated = await users.updateUser({ id: created.id, name: 'Ada King' }, ['name'], created.etag);
  check(updated.name === 'Ada King' && updated.etag !== created.etag, 'the update applied and changed the etag');
  const stale = await failure(users.updateUser({ id: created.id, name: 'Stale' }, ['name'], created.etag));
  check(stale.code === status.ABORTED && stale.reason === 'ETAG_MISMATCH', 'a stale etag is ETAG_MISMATCH');

  step('errors as the contract describes them');
  const invalid = await failure(users.createUser({ email: 'not an email', name: 'X' }));
  check(invalid.code === status.INVALID_ARGUMENT && invalid.fieldViolations.some((v) => v.field === 'email'),
    `a bad email is INVALID_ARGUMENT naming the field email (${invalid.reason})`);
  check((await failure(users.getUser(randomUUID()))).code === status.NOT_FOUND, 'a missing user is NOT_FOUND');
  check((await failure(users.createUser({ email: input.email.toUpperCase(), name: 'Dup' }))).code === status.ALREADY_EXISTS,
    'the same email in other case is ALREADY_EXISTS');

  step('ListUsers, every page');
  const tag = `list-${run}`;
  const listed = [];
  for (let i = 0; i < 5; i += 1) listed.push((await users.createUser({ email: email(`l${i}`), name: `L${i}`, tags: [tag] })).id);
  const seen = [];
  for await (const user of users.listUsers({ filter: `tag = "${tag}"`, pageSize: 2 })) seen.push(user.id);
  check(JSON.stringify(seen) === JSON.stringify(listed), 'three pages gave every user once, in creation order');

  step('v1.1: annotations, an external id, ListUsers by annotation in name order, BatchGetUsers');
  const team = `team-${run}`;
  const grace = await users.createUser({ email: email('grace'), name: 'Grace', annotations: { 'example.com/team': team },
    externalId: `hr-${run}` });
  const alan = await users.createUser({ email: email('alan'), name: 'Alan', annotations: { 'example.com/team': team } });
  check(grace.annotations['example.com/team'] === team && grace.externalId === `hr-${run}`,
    'CreateUser keeps annotations and externalId');
  const taken = await failure(users.createUser({ email: email('other'), name: 'Other', externalId: `hr-${run}` }));
  check(taken.code === status.ALREADY_EXISTS && taken.reason === 'EXTERNAL_ID_TAKEN',
    'a second user with that externalId is ALREADY_EXISTS, EXTERNAL_ID_TAKEN');
  const byTeam = [];
  for await (const user of users.listUsers({ filter: `annotations.example.com/team = "${team}"`, orderBy: 'name desc' })) {
    byTeam.push(user.id);
  }
  check(byTeam.join() === [grace.id, alan.id].join(), "the team's users, by name descending");
  check((await users.batchGetUsers([alan.id, grace.id])).map((u) => u.id).join() === [alan.id, grace.id].join(),
    'BatchGetUsers answers in the order asked');

  step('v1.1: deactivate and reactivate, soft delete and undelete');
  check((await users.deactivateUser(alan.id, alan.etag)).status === UserStatus.USER_STATUS_INACTIVE,
    'DeactivateUser makes the user INACTIVE');
  const twice = await failure(users.deactivateUser(alan.id));
  check(twice.code === status.FAILED_PRECONDITION && twice.reason === 'INVALID_STATUS_TRANSITION',
    'deactivating it again is FAILED_PRECONDITION, INVALID_STATUS_TRANSITION');
  check((await users.reactivateUser(alan.id)).status === UserStatus.USER_STATUS_ACTIVE, 'ReactivateUser makes it ACTIVE');
  await users.deleteUser(alan.id);
  check((await failure(users.getUser(alan.id))).code === status.NOT_FOUND, 'a deleted user is NOT_FOUND');
  const deleted = await users.getUser(alan.id, { showDeleted: true });
  check(deleted.deleteTime !== undefined && deleted.purgeTime !== undefined,
    'with showDeleted it is there, with its delete and purge times');
  const restored = await users.undeleteUser(alan.id);
  check(restored.id === alan.id && restored.deleteTime === undefined, 'UndeleteUser restores it');

  step('watch, then resume from a resume token');
  const stop = new AbortController();
  const changes = users.watch({ signal: stop.signal });
  const events = [];
  const consuming = (async () => { for await (const change of changes) events.push(change); })();
  let probe;
  for (let i = 0; i < 30 && events.length === 0; i += 1) { // "from now" starts when the service has the stream
    probe = await users.createUser({ email: email(`w${i}`), name: 'Watched' });
    await sleep(300);
  }
  const until = async (condition, what) => {
    for (let i = 0; i < 100 && !condition(); i += 1) await sleep(100);
    check(condition(), what);
  };
  await until(() => events.some((e) => e.user.id === probe.id), 'the watch delivers a CREATED');
  const from = events.find((e) => e.user.id === probe.id).resumeToken;
  await users.updateUser({ id: probe.id, age: 40 }, ['age']);
  await users.deleteUser(probe.id);
  const ofProbe = () => events.filter((e) => e.user.id === probe.id).map((e) => e.changeType);
  await until(() => ofProbe().length === 3, 'then UPDATED and DELETED');
  check(JSON.stringify(ofProbe()) === JSON.stringify([ChangeType.CHANGE_TYPE_CREATED, ChangeType.CHANGE_TYPE_UPDATED,
    ChangeType.CHANGE_TYPE_DELETED]), 'in order');
  stop.abort(); // the loop above is waiting for a change: return() would wait with it
  await consuming;
  const resumed = users.watch({ resumeToken: from });
  const again = [(await resumed.next()).value, (await resumed.next()).value];
  await resumed.return();
  check(again.map((e) => `${e.changeType}:${e.user.id}`).join() ===
    `${ChangeType.CHANGE_TYPE_UPDATED}:${probe.id},${ChangeType.CHANGE_TYPE_DELETED}:${probe.id}`,
  'a watch resumed from the CREATED event gets exactly UPDATED then DELETED');

  step('CreateUsers through the generated stub: 1,000 in one stream, then a batch with a bad item');
  const bulk = (items) => new Promise((resolve, reject) => {
    const stream = users.stub.createUsers({ deadline: new Date(Date.now() + 60_000) },
      (error, response) => (error ? reject(UsersError.from(error)) : resolve(response)));
    // The generated stub encodes what it is given as it is: fromPartial fills in the fields left
    // out (annotations, externalId, ...), as the request types grow.
    items.forEach((user) => stream.write(userService.CreateUsersRequest.fromPartial({ user })));
    stream.end();
  });
  const many = Array.from({ length: 1000 }, (_, i) => ({ email: email(`b${i}`), name: `Bulk ${i}` }));
  check((await bulk(many)).createdCount === 1000, 'createdCount is 1000');
  const bad = Array.from({ length: 5 }, (_, i) => ({ email: i === 3 ? 'broken' : email(`c${i}`), name: `C${i}` }));
  const rejected = await failure(bulk(bad));
  check(rejected.fieldViolations[0]?.field === 'users[3].email', 'a bad item is INVALID_ARGUMENT naming users[3].email');
  check((await users.createUser({ email: email('c0'), name: 'C0' })).id !== '', 'nothing of the bad batch was created');

  step('Chat across two streams');
  const room = `room-${run}`;
  const join = () => {
    const stream = users.stub.chat({ deadline: new Date(Date.now() + 30_000) });
    const received = [];
    stream.on('data', (response) => received.push(response.message));
    stream.on('error', () => {}); // ended when we leave
    stream.write({ room, content: '' }); // empty content joins without posting
    return { stream, received };
  };
  const alice = join();
  const bob = join();
  await sleep(500);
  alice.stream.write({ room, content: `hello from node ${run}` });
  await until(() => alice.received.length > 0 && bob.received.length > 0, 'both participants receive the message');
  check(bob.received[0].userId === subject && bob.received[0].content === `hello from node ${run}`,
    `the sender is the token's subject (${subject}), never taken from the request`);
  alice.stream.end();
  bob.stream.end();
  users.close();
  console.log(`node session: ${passed} passed, 0 failed`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
