import { status } from '@grpc/grpc-js';
import { UsersError } from './errors';
import { WatchUserChangesResponse } from './gen/users/v1/user_service';

/** What a new stream can cure: the service or the path to it was away, or the stream aged out. */
export const RESUMABLE: ReadonlySet<status> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED, status.ABORTED, status.INTERNAL, status.UNKNOWN, status.CANCELLED]);

/** A stream of changes that can be stopped (a grpc-js ClientReadableStream is one). */
export interface ChangeStream extends AsyncIterable<WatchUserChangesResponse> {
  cancel(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Exponential with jitter, so the clients of a restarted service do not return all at once. */
export class Backoff {
  failures = 0;

  constructor(private readonly initialMs = 100, private readonly maxMs = 5000) {}

  nextDelayMs(): number {
    const bound = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return bound / 2 + Math.random() * (bound / 2);
  }

  reset(): void {
    this.failures = 0;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every change after `resumeToken` (from now when empty), re-opening the stream from the last
 * delivered event's token whenever it breaks with a resumable status. Each stream lives at most
 * `streamDeadlineMs`, so even a watch has a deadline; reaching it re-opens at once. Leaving the
 * `for await` loop, or aborting `signal` (from anywhere), cancels the open stream and ends it.
 */
export async function* resumingWatch(
  open: (resumeToken: string, deadline: Date) => ChangeStream,
  resumeToken: string,
  streamDeadlineMs: number,
  backoff: Backoff,
  signal?: AbortSignal,
  sleep: (ms: number) => Promise<unknown> = pause,
): AsyncGenerator<WatchUserChangesResponse, void, undefined> {
  let token = resumeToken;
  while (!signal?.aborted) {
    const stream = open(token, new Date(Date.now() + streamDeadlineMs));
    // An async generator cannot be ended from outside while it awaits its next event
    // (return() waits for that event); the signal cancels the stream it awaits instead.
    const cancel = () => stream.cancel();
    signal?.addEventListener('abort', cancel);
    let delay: number;
    try {
      for await (const change of stream) {
        backoff.reset();
        token = change.resumeToken;
        yield change;
      }
      delay = backoff.nextDelayMs(); // the service ended the stream: it is shutting down
    } catch (error) {
      if (signal?.aborted) return;
      const code = (error as { code?: status }).code ?? status.UNKNOWN;
      if (!RESUMABLE.has(code)) throw UsersError.from(error as object);
      delay = code === status.DEADLINE_EXCEEDED && backoff.failures === 0 ? 0 : backoff.nextDelayMs();
    } finally {
      signal?.removeEventListener('abort', cancel);
      stream.on('error', () => {}); // the cancellation below is reported as an error: expected
      stream.cancel();
    }
    await sleep(delay);
  }
}
