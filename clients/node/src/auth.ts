import { InterceptingCall, Interceptor } from '@grpc/grpc-js';

/** A fixed token, or a function returning the current one (called for every call). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Sends `authorization: Bearer <token>` on every call. An interceptor rather than call
 * credentials: grpc-js attaches call credentials only to TLS channels, and the service is
 * commonly reached in plaintext inside a cluster or in development.
 */
export function bearerToken(token: TokenSource): Interceptor {
  const current = typeof token === 'function' ? token : () => token;
  return (options, nextCall) => new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      Promise.resolve()
        .then(current)
        .then((value) => {
          metadata.set('authorization', `Bearer ${value}`);
          next(metadata, listener);
        }, (error: unknown) => {
          listener.onReceiveStatus?.({ code: 16, details: `no token: ${String(error)}`, metadata });
        });
    },
  });
}
