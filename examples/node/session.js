// A scripted session against users.v1 with @grpc/grpc-js, as another team would write it.
// Stubs are built at run time from proto/ (proto-loader): nothing generated is committed.
// Env: USERS_TARGET (host:port), USERS_TOKEN (a bearer token with users.read users.write chat),
//      USERS_PROTO_PATH (extra include dirs, ':'-separated: buf/validate and google/rpc protos).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const includeDirs = [path.join(here, '../../proto'), ...(process.env.USERS_PROTO_PATH ?? '').split(':').filter(Boolean)];
const target = process.env.USERS_TARGET ?? 'localhost:9090';
const token = process.env.USERS_TOKEN ?? '';

const definition = protoLoader.loadSync('users/v1/user_service.proto',
  { includeDirs, keepCase: true, enums: String, longs: String, defaults: true, oneofs: true });
const { UserService } = grpc.loadPackageDefinition(definition).users.v1;
const users = new UserService(target, grpc.credentials.createInsecure());

// google.rpc.Status and its details, to read the errors the way the contract describes them.
const rpcTypes = new protobuf.Root();
rpcTypes.resolvePath = (origin, file) => includeDirs.map((dir) => path.join(dir, file))
  .find((candidate) => { try { return protobuf.util.fs.statSync(candidate).isFile(); } catch { return false; } }) ?? file;
rpcTypes.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
const Status = rpcTypes.lookupType('google.rpc.Status');

let passed = 0;
function check(condition, what) {
  if (!condition) throw new Error(`expected: ${what}`);
  passed += 1;
  console.log(`  ok: ${what}`);
}
function step(what) { console.log(`== ${what}`); }

// Every call gets a deadline and the token: the two things no call should go without.
const deadline = (seconds = 10) => ({ deadline: Date.now() + seconds * 1000 });
function auth(bearer = token) {
  const metadata = new grpc.Metadata();
  if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
  return metadata;
}
const call = (method, request, bearer) => new Promise((resolve, reject) =>
  users[method](request, auth(bearer), deadline(), (error, response) => (error ? reject(error) : resolve(response))));

/** The failure of a call, with its google.rpc details decoded. */
async function failure(promise) {
  try { await promise; } catch (error) {
    const details = {};
    const bin = error.metadata?.get('grpc-status-details-bin')?.[0];
    if (bin) {
      for (const any of Status.decode(bin).details) {
        const type = rpcTypes.lookupType(any.type_url.split('/').pop());
        details[type.name] = type.toObject(type.decode(any.value));
      }
    }
    return { code: grpc.status[error.code], message: error.details, details };
  }
  throw new Error('the call succeeded but should have failed');
}

// One character in the middle changed: the end of a base64url string may carry unused bits, so
// changing it can leave the decoded token intact.
function tamper(token) {
  const middle = Math.floor(token.length / 2);
  return token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1);
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const messages = [];
    stream.on('data', (message) => messages.push(message));
    stream.on('error', reject);
    stream.on('end', () => resolve(messages));
  });
}

const subject = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
const run = randomUUID().slice(0, 8);
const email = (name) => `node-${run}-${name}@example.com`;

step('no token: UNAUTHENTICATED');
const anonymous = await failure(call('GetUser', { id: randomUUID() }, ''));
check(anonymous.code === 'UNAUTHENTICATED', 'a call without a token is UNAUTHENTICATED');
check(anonymous.details.ErrorInfo?.domain === 'users.v1', 'with an ErrorInfo in the users.v1 domain');

step('create, repeat with the same request_id, get');
const create = { email: email('ada'), name: 'Ada', age: 36, tags: [run], request_id: `node-${run}` };
const created = (await call('CreateUser', create)).user;
check((await call('CreateUser', create)).user.id === created.id, 'a repeated request_id returns the same user');
check((await call('GetUser', { id: created.id })).user.email === create.email, 'GetUser returns it');

step('update with the etag read, then with the stale one');
const updated = (await call('UpdateUser', { user: { id: created.id, name: 'Ada King', etag: created.etag }, update_mask: { paths: ['name'] } })).user;
check(updated.name === 'Ada King' && updated.etag !== created.etag, 'the update applied and changed the etag');
const stale = await failure(call('UpdateUser', { user: { id: created.id, name: 'Stale', etag: created.etag }, update_mask: { paths: ['name'] } }));
check(stale.code === 'ABORTED', `a stale etag is ABORTED (${stale.details.ErrorInfo?.reason})`);

step('errors as the contract describes them');
const invalid = await failure(call('CreateUser', { email: 'not an email', name: 'X' }));
check(invalid.code === 'INVALID_ARGUMENT', 'a bad email is INVALID_ARGUMENT');
check(invalid.details.BadRequest?.field_violations?.some((v) => v.field === 'email'), 'with a BadRequest naming the field "email"');
check(/^[A-Z_]+$/.test(invalid.details.ErrorInfo?.reason ?? ''), `and an ErrorInfo reason (${invalid.details.ErrorInfo?.reason})`);
check((await failure(call('GetUser', { id: randomUUID() }))).code === 'NOT_FOUND', 'a missing user is NOT_FOUND');
check((await failure(call('CreateUser', { email: create.email.toUpperCase(), name: 'Dup' }))).code === 'ALREADY_EXISTS',
  'the same email in other case is ALREADY_EXISTS');

step('ListUsers page by page');
const tag = `list-${run}`;
const listed = [];
for (let i = 0; i < 5; i += 1) listed.push((await call('CreateUser', { email: email(`l${i}`), name: `L${i}`, tags: [tag] })).user.id);
const seen = [];
let pageToken = '';
let pages = 0;
do {
  const page = await collect(users.ListUsers({ page_size: 2, page_token: pageToken, filter: `tag = "${tag}"` }, auth(), deadline()));
  pages += 1;
  seen.push(...page.map((message) => message.user.id));
  pageToken = page.at(-1)?.next_page_token ?? '';
  if (pages === 1) {
    const tampered = await failure(collect(users.ListUsers({ page_size: 2, page_token: tamper(pageToken), filter: `tag = "${tag}"` }, auth(), deadline())));
    check(tampered.code === 'INVALID_ARGUMENT', 'a tampered page_token is INVALID_ARGUMENT');
  }
} while (pageToken);
check(JSON.stringify(seen) === JSON.stringify(listed), `${pages} pages gave every user once, in creation order`);

step('watch, then resume from a resume token');
const events = [];
const watch = users.WatchUserChanges({ resume_token: '' }, auth(), deadline(60));
watch.on('data', (event) => events.push(event));
watch.on('error', () => {});
const until = async (condition, what) => {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  check(condition(), what);
};
// "From now" starts when the server has the stream: create until it delivers something.
let probe;
for (let i = 0; i < 30 && events.length === 0; i += 1) {
  probe = (await call('CreateUser', { email: email(`w${i}`), name: 'Watched' })).user;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await until(() => events.some((e) => e.user.id === probe.id), 'the watch delivers a CREATED');
const from = events.find((e) => e.user.id === probe.id).resume_token;
await call('UpdateUser', { user: { id: probe.id, age: 40 }, update_mask: { paths: ['age'] } });
await call('DeleteUser', { id: probe.id });
await until(() => events.filter((e) => e.user.id === probe.id).length === 3, 'then UPDATED and DELETED');
check(events.filter((e) => e.user.id === probe.id).map((e) => e.change_type).join() === 'CHANGE_TYPE_CREATED,CHANGE_TYPE_UPDATED,CHANGE_TYPE_DELETED', 'in order');
watch.cancel();
const resumed = [];
const again = users.WatchUserChanges({ resume_token: from }, auth(), deadline(60));
again.on('data', (event) => resumed.push(event));
again.on('error', () => {});
await until(() => resumed.length >= 2, 'a watch resumed from the CREATED event gets the later changes');
check(resumed.slice(0, 2).map((e) => `${e.change_type}:${e.user.id}`).join() === `CHANGE_TYPE_UPDATED:${probe.id},CHANGE_TYPE_DELETED:${probe.id}`, 'exactly UPDATED then DELETED');
again.cancel();

step('CreateUsers: 1,000 in one stream, then a batch with a bad item');
const bulk = (items) => new Promise((resolve, reject) => {
  const stream = users.CreateUsers(auth(), deadline(60), (error, response) => (error ? reject(error) : resolve(response)));
  items.forEach((user) => stream.write({ user }));
  stream.end();
});
const many = Array.from({ length: 1000 }, (_, i) => ({ email: email(`b${i}`), name: `Bulk ${i}`, tags: [`bulk-${run}`] }));
check((await bulk(many)).created_count === 1000, 'created_count is 1000');
const bad = Array.from({ length: 5 }, (_, i) => ({ email: i === 3 ? 'broken' : email(`c${i}`), name: `C${i}` }));
const rejected = await failure(bulk(bad));
check(rejected.code === 'INVALID_ARGUMENT' && rejected.details.BadRequest?.field_violations?.[0]?.field === 'users[3].email',
  'a bad item is INVALID_ARGUMENT naming users[3].email');
check((await failure(call('GetUser', { id: randomUUID() }))).code === 'NOT_FOUND' &&
  (await collect(users.ListUsers({ page_size: 10, filter: `tag = "bulk-${run}"` }, auth(), deadline()))).length === 10,
  'the service still answers, and the good batch is listed');

step('Chat across two streams');
const room = `room-${run}`;
const join = () => {
  const stream = users.Chat(auth(), deadline(30));
  const received = [];
  stream.on('data', (response) => received.push(response.message));
  stream.on('error', () => {});
  stream.write({ room, content: '' });
  return { stream, received };
};
const alice = join();
const bob = join();
await new Promise((resolve) => setTimeout(resolve, 500));
alice.stream.write({ room, content: `hello from node ${run}` });
await until(() => alice.received.length > 0 && bob.received.length > 0, 'both participants receive the message');
check(bob.received[0].user_id === subject && bob.received[0].content === `hello from node ${run}`,
  `the sender is the token's subject (${subject}), never taken from the request`);
alice.stream.end();
bob.stream.end();

console.log(`node session: ${passed} passed, 0 failed`);
users.close();
