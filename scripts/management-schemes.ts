// The security schemes whose operations belong to the management client (a self-hosted server's ManagementKey): the
// generator writes them to their own operation table (generated/management-operations.ts), so that no app bundle
// carries them, and their request samples call createPasswordlessManagementClient from passwordless-contract/management.
export const managementSchemes: ReadonlySet<string> = new Set(['ManagementKey']);
