// The management client's paths: the spec's ManagementKey operations (generated/management-operations.ts lists them),
// with the error bodies the client guarantees. Types only: nothing here exists at run time.
import type { ManagementOperationErrorCodes } from '../../generated/management-operations.js';
import type { TypedPaths } from '../client/typed-paths.js';

export type PasswordlessManagementPaths = TypedPaths<ManagementOperationErrorCodes>;
