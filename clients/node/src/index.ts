/**
 * Node.js client for the users.v1 gRPC user directory. `UsersClient` wraps the calls and
 * `UsersError` is what they reject with; the generated messages and the `UserServiceClient`
 * stub are exported for everything else.
 */
export { UsersClient, UsersClientOptions, CreateUserInput, GetUserOptions, ListUsersOptions } from './client';
export { UsersError, FieldViolation } from './errors';
export { TokenSource } from './auth';
export { User, Profile, UserStatus, ChangeType } from './gen/users/v1/user';
export * as userService from './gen/users/v1/user_service';
export * as chat from './gen/users/v1/chat';
export * as collaborativeEdit from './gen/users/v1/collaborative_edit';
export { status } from '@grpc/grpc-js';
