// resumingWatch with scripted streams: which failures re-open, from which token, how fast.
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { status } = require('@grpc/grpc-js');
const { UsersError } = require('../dist/errors');
const { Backoff, resumingWatch } = require('../dist/watch');

const event = (resumeToken) => ({ resumeToken });

function scriptedStreams(...scripts) {
  const opened = [];
  const open = (token, deadline) => {
    opened.push(token);
    const [events, failure] = scripts.shift();
    const stream = (async function* () {
      yield* events;
      if (failure !== undefined) throw Object.assign(new Error('scripted'), { code: failure, details: 'scripted' });
    })();
    return Object.assign(stream, { cancel() {}, on() {}, deadline });
  };
  return { open, opened };
}

async function take(iterator, count) {
  const tokens = [];
  for (let i = 0; i < count; i += 1) tokens.push((await iterator.next()).value.resumeToken);
  return tokens;
}

test('re-opens after UNAVAILABLE from the last delivered token, backing off more each time', async () => {
  const streams = scriptedStreams([[event('t1'), event('t2')], status.UNAVAILABLE], [[], status.UNAVAILABLE], [[event('t3')]]);
  const sleeps = [];
  const watch = resumingWatch(streams.open, 't0', 1_800_000, new Backoff(), undefined, async (ms) => sleeps.push(ms));
  assert.deepEqual(await take(watch, 3), ['t1', 't2', 't3']);
  assert.deepEqual(streams.opened, ['t0', 't2', 't2']);
  assert.ok(sleeps.length === 2 && sleeps[0] > 0 && sleeps[0] <= 100 && sleeps[1] > 100 && sleeps[1] <= 200, String(sleeps));
});

test('a stream that reaches its own deadline re-opens at once', async () => {
  const streams = scriptedStreams([[event('t1')], status.DEADLINE_EXCEEDED], [[event('t2')]]);
  const sleeps = [];
  const watch = resumingWatch(streams.open, '', 60_000, new Backoff(), undefined, async (ms) => sleeps.push(ms));
  assert.deepEqual(await take(watch, 2), ['t1', 't2']);
  assert.deepEqual(sleeps, [0]);
  assert.deepEqual(streams.opened, ['', 't1']);
});

test('a failure a new stream cannot cure rejects with UsersError', async () => {
  const streams = scriptedStreams([[event('t1')], status.OUT_OF_RANGE]);
  const watch = resumingWatch(streams.open, 't0', 60_000, new Backoff(), undefined, async () => {});
  assert.equal((await watch.next()).value.resumeToken, 't1');
  await assert.rejects(watch.next(), (error) => error instanceof UsersError && error.code === status.OUT_OF_RANGE);
});

test('backoff is capped and resets', () => {
  const backoff = new Backoff(100, 1000);
  const delays = Array.from({ length: 10 }, () => backoff.nextDelayMs());
  assert.ok(Math.max(...delays) <= 1000 && delays.at(-1) >= 500);
  backoff.reset();
  assert.ok(backoff.nextDelayMs() <= 100);
});

test('aborting the signal ends a watch that is waiting for its next change', async () => {
  let cancelled = 0;
  const open = () => {
    let fail;
    const stream = (async function* () {
      await new Promise((_, reject) => { fail = reject; }); // a quiet feed: no change arrives
    })();
    return Object.assign(stream, {
      cancel() { cancelled += 1; fail(Object.assign(new Error('cancelled'), { code: status.CANCELLED })); },
      on() {},
    });
  };
  const controller = new AbortController();
  const watch = resumingWatch(open, 't0', 60_000, new Backoff(), controller.signal, async () => {});
  const waiting = watch.next();
  setTimeout(() => controller.abort(), 50);
  assert.deepEqual(await waiting, { value: undefined, done: true });
  assert.ok(cancelled >= 1);
});
