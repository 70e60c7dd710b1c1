import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CallOptions, ChannelCredentials, ChannelOptions, ClientUnaryCall, credentials, Metadata, ServiceError } from '@grpc/grpc-js';
import { bearerToken, TokenSource } from './auth';
import { UsersError } from './errors';
import { Profile, User } from './gen/users/v1/user';
import {
  BatchGetUsersRequest, CreateUserRequest, DeactivateUserRequest, DeleteUserRequest, GetUserRequest, ListUsersRequest,
  ListUsersResponse, ReactivateUserRequest, UndeleteUserRequest, UpdateUserRequest, UserServiceClient,
  WatchUserChangesRequest, WatchUserChangesResponse,
} from './gen/users/v1/user_service';
import { Backoff, resumingWatch } from './watch';

const serviceConfig = readFileSync(path.join(__dirname, 'gen', 'service-config.json'), 'utf8');

export interface UsersClientOptions {
  /** Sent as `authorization: Bearer <token>` on every call; a function is called for every call. */
  token?: TokenSource;
  /** The deadline of every call (default 5000). */
  deadlineMs?: number;
  /** TLS (e.g. `credentials.createSsl()`); plaintext when absent. */
  credentials?: ChannelCredentials;
  /** Wait for an unreachable service (up to the deadline) instead of failing fast with UNAVAILABLE. */
  waitForReady?: boolean;
  /** How long one WatchUserChanges stream lives before it is re-opened (default 30 minutes). */
  watchStreamDeadlineMs?: number;
  /** Extra @grpc/grpc-js channel options. */
  channelOptions?: ChannelOptions;
}

export interface CreateUserInput {
  email: string;
  name: string;
  age?: number;
  tags?: string[];
  profile?: Profile;
  /** Idempotency key; generated when absent, so that retries return the user first created. */
  requestId?: string;
  /** Free-form metadata for other systems (AIP-128), at most 64 entries. */
  annotations?: Record<string, string>;
  /** The user's id in another system; unique (ALREADY_EXISTS, reason EXTERNAL_ID_TAKEN, when taken). */
  externalId?: string;
}

export interface GetUserOptions {
  /** Also return a soft-deleted user, with its `deleteTime` and `purgeTime` (default false). */
  showDeleted?: boolean;
}

export interface ListUsersOptions {
  /** AIP-160, e.g. `tag = "x"`; empty for all (default). */
  filter?: string;
  /** Users per page (default 100). */
  pageSize?: number;
  /**
   * AIP-132: `created_at` (the default), `name`, `email`, `age` or `updated_at`, optionally
   * followed by ` desc`; ties are broken by id.
   */
  orderBy?: string;
  /** Also list soft-deleted users (default false). */
  showDeleted?: boolean;
}

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void) => ClientUnaryCall;

/**
 * A client of the users.v1 `UserService` on @grpc/grpc-js: every call has a deadline, reads and
 * creates are retried by the channel's service config (UNAVAILABLE and RESOURCE_EXHAUSTED, never
 * the other writes, where a retry after a lost answer would report a failure for a write that
 * happened), failures reject with `UsersError`. `stub` is the generated client on
 * the same channel (token included) for the calls not wrapped here.
 */
export class UsersClient {
  readonly stub: UserServiceClient;
  private readonly deadlineMs: number;
  private readonly waitForReady: boolean;
  private readonly watchStreamDeadlineMs: number;

  constructor(target: string, options: UsersClientOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? 5000;
    this.waitForReady = options.waitForReady ?? false;
    this.watchStreamDeadlineMs = options.watchStreamDeadlineMs ?? 30 * 60 * 1000;
    this.stub = new UserServiceClient(target, options.credentials ?? credentials.createInsecure(), {
      'grpc.service_config': serviceConfig,
      'grpc.enable_retries': 1,
      // The service allows one keepalive ping a minute.
      'grpc.keepalive_time_ms': 120_000,
      'grpc.keepalive_timeout_ms': 20_000,
      // grpc's default lets reconnection attempts drift to two minutes apart while the service is
      // away, so a restarted service would go unused for that long.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 5000,
      ...options.channelOptions,
      interceptors: [...(options.token ? [bearerToken(options.token)] : []), ...(options.channelOptions?.interceptors ?? [])],
    });
  }

  private callOptions(): Partial<CallOptions> {
    return { deadline: new Date(Date.now() + this.deadlineMs) };
  }

  private metadata(): Metadata {
    return new Metadata({ waitForReady: this.waitForReady });
  }

  private unary<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.stub, request, this.metadata(), this.callOptions(),
        (error, response) => (error ? reject(UsersError.from(error)) : resolve(response)));
    });
  }

  /**
   * The user with this id; NOT_FOUND when there is none, or when it is soft-deleted unless
   * `showDeleted`.
   */
  async getUser(id: string, { showDeleted = false }: GetUserOptions = {}): Promise<User> {
    return (await this.unary(this.stub.getUser, GetUserRequest.fromPartial({ id, showDeleted }))).user!;
  }

  /**
   * The users with these ids (1–1000), in the order asked for, a repeated id repeated. When any id
   * names no user (or a soft-deleted one): NOT_FOUND, with that id in `errorMetadata.id`, and no
   * users. Retried like the other reads.
   */
  async batchGetUsers(ids: Iterable<string>): Promise<User[]> {
    // A string is an iterable of its characters: surely one id meant as an array.
    if (typeof ids === 'string') throw new TypeError('batchGetUsers takes an array of ids, not a string');
    return (await this.unary(this.stub.batchGetUsers, BatchGetUsersRequest.fromPartial({ ids: [...ids] }))).users;
  }

  async createUser(input: CreateUserInput): Promise<User> {
    const request = CreateUserRequest.fromPartial({ ...input, requestId: input.requestId || randomUUID() });
    return (await this.unary(this.stub.createUser, request)).user!;
  }

  /**
   * Changes the fields named in `paths` to their values in `user` (`user.id` names the user).
   * With an `etag` (or `user.etag`) the update applies only if the user is unchanged since it was
   * read: ABORTED, reason ETAG_MISMATCH, otherwise.
   */
  async updateUser(user: Partial<User> & { id: string }, paths: string[], etag?: string): Promise<User> {
    const request = UpdateUserRequest.fromPartial({ user: { ...user, ...(etag !== undefined ? { etag } : {}) }, updateMask: paths });
    return (await this.unary(this.stub.updateUser, request)).user!;
  }

  /**
   * Soft-deletes the user: it disappears from every read unless `showDeleted` is asked for, and
   * `undeleteUser` restores it until its `purgeTime`.
   */
  async deleteUser(id: string, etag?: string): Promise<void> {
    await this.unary(this.stub.deleteUser, DeleteUserRequest.fromPartial({ id, etag: etag ?? '' }));
  }

  /**
   * Restores a soft-deleted user. ALREADY_EXISTS (USER_NOT_DELETED) when it is not deleted,
   * NOT_FOUND when it never existed or was purged; with an `etag`, ABORTED / ETAG_MISMATCH if the
   * deleted user changed since it was read. Not retried.
   */
  async undeleteUser(id: string, etag?: string): Promise<User> {
    return (await this.unary(this.stub.undeleteUser, UndeleteUserRequest.fromPartial({ id, etag: etag ?? '' }))).user!;
  }

  /**
   * ACTIVE (or SUSPENDED) → INACTIVE. FAILED_PRECONDITION, reason INVALID_STATUS_TRANSITION, when
   * it is INACTIVE already; with an `etag`, ABORTED / ETAG_MISMATCH if the user changed since it
   * was read. Not retried.
   */
  async deactivateUser(id: string, etag?: string): Promise<User> {
    return (await this.unary(this.stub.deactivateUser, DeactivateUserRequest.fromPartial({ id, etag: etag ?? '' }))).user!;
  }

  /**
   * INACTIVE (or SUSPENDED) → ACTIVE. FAILED_PRECONDITION, reason INVALID_STATUS_TRANSITION, when
   * it is ACTIVE already; with an `etag`, ABORTED / ETAG_MISMATCH if the user changed since it
   * was read. Not retried.
   */
  async reactivateUser(id: string, etag?: string): Promise<User> {
    return (await this.unary(this.stub.reactivateUser, ReactivateUserRequest.fromPartial({ id, etag: etag ?? '' }))).user!;
  }

  /**
   * Every user matching `filter` (AIP-160, e.g. `tag = "x"`), in `orderBy` order (creation order
   * by default), soft-deleted ones too with `showDeleted`, page after page. Each page is read
   * whole within the deadline before its users are yielded, so a slow consumer never makes a
   * page's call expire.
   */
  async *listUsers({ filter = '', pageSize = 100, orderBy = '', showDeleted = false }: ListUsersOptions = {}): AsyncGenerator<User, void, undefined> {
    let pageToken = '';
    do {
      const page: ListUsersResponse[] = [];
      try {
        const request = ListUsersRequest.fromPartial({ filter, pageSize, pageToken, orderBy, showDeleted });
        for await (const message of this.stub.listUsers(request, this.metadata(), this.callOptions())) page.push(message);
      } catch (error) {
        throw UsersError.from(error as ServiceError);
      }
      for (const message of page) yield message.user!;
      pageToken = page.at(-1)?.nextPageToken ?? '';
    } while (pageToken);
  }

  /**
   * Every change after `resumeToken` (from now when empty), as it happens; when the stream breaks
   * (the service restarted, a replica went away) it re-opens from the last event's token, so no
   * change is lost or repeated. Leave the `for await` loop, or abort `signal` (e.g. from another
   * task, while the loop awaits a change), to stop watching.
   */
  watch({ resumeToken = '', signal }: { resumeToken?: string; signal?: AbortSignal } = {}): AsyncGenerator<WatchUserChangesResponse, void, undefined> {
    // Re-opened streams wait for the service to be back rather than spin against it.
    return resumingWatch(
      (token, deadline) => this.stub.watchUserChanges(WatchUserChangesRequest.fromPartial({ resumeToken: token }),
        new Metadata({ waitForReady: true }), { deadline }),
      resumeToken, this.watchStreamDeadlineMs, new Backoff(), signal);
  }

  /** Closes the channel; calls still running are cancelled. */
  close(): void {
    this.stub.close();
  }
}
