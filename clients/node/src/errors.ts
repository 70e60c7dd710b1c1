import { Metadata, ServiceError, status } from '@grpc/grpc-js';
import { BadRequest, ErrorInfo, RetryInfo } from './gen/google/rpc/error_details';
import { Status } from './gen/google/rpc/status';

export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * A users.v1 call that failed: `code` is the numeric gRPC status (`status` of @grpc/grpc-js),
 * `reason` the google.rpc.ErrorInfo reason (e.g. `ETAG_MISMATCH`), `fieldViolations` the
 * google.rpc.BadRequest violations (empty when none).
 */
export class UsersError extends Error {
  readonly code: status;
  readonly details: string;
  readonly reason?: string;
  readonly domain?: string;
  /** The ErrorInfo's metadata (e.g. `required_scope`). */
  readonly errorMetadata: Record<string, string>;
  readonly fieldViolations: FieldViolation[];
  /** From a google.rpc.RetryInfo: how long the service asks callers to wait. */
  readonly retryDelayMs?: number;

  constructor(code: status, details: string, fields: Partial<Pick<UsersError,
    'reason' | 'domain' | 'errorMetadata' | 'fieldViolations' | 'retryDelayMs'>> = {}) {
    super(`${status[code]}: ${details}${fields.reason ? ` (${fields.reason})` : ''}`);
    this.name = 'UsersError';
    this.code = code;
    this.details = details;
    this.reason = fields.reason;
    this.domain = fields.domain;
    this.errorMetadata = fields.errorMetadata ?? {};
    this.fieldViolations = fields.fieldViolations ?? [];
    this.retryDelayMs = fields.retryDelayMs;
  }

  /** Decodes a failed @grpc/grpc-js call, with the details in its grpc-status-details-bin trailer. */
  static from(error: Partial<ServiceError>): UsersError {
    const code = error.code ?? status.UNKNOWN;
    const fields: { -readonly [K in keyof NonNullable<ConstructorParameters<typeof UsersError>[2]>]: NonNullable<ConstructorParameters<typeof UsersError>[2]>[K] } = {};
    const bin = error.metadata instanceof Metadata ? error.metadata.get('grpc-status-details-bin')[0] : undefined;
    if (bin instanceof Buffer) {
      for (const detail of Status.decode(bin).details) {
        const type = detail.typeUrl.slice(detail.typeUrl.lastIndexOf('/') + 1);
        if (type === 'google.rpc.ErrorInfo') {
          const info = ErrorInfo.decode(detail.value);
          Object.assign(fields, { reason: info.reason || undefined, domain: info.domain || undefined, errorMetadata: info.metadata });
        } else if (type === 'google.rpc.BadRequest') {
          const violations = BadRequest.decode(detail.value).fieldViolations;
          fields.fieldViolations = violations.map(({ field, description }) => ({ field, description }));
        } else if (type === 'google.rpc.RetryInfo') {
          const delay = RetryInfo.decode(detail.value).retryDelay;
          if (delay) fields.retryDelayMs = delay.seconds * 1000 + Math.round(delay.nanos / 1e6);
        }
      }
    }
    return new UsersError(code, error.details ?? error.message ?? '', fields);
  }
}
