// The management client's key option, `managementKey`: the self-hosted server's `PasswordlessManagement:ManagementKey`
// setting, any string. Unlike the app keys it is required at creation, since every operation of the client needs it;
// the messages say what is wrong without repeating it.
import { fail, isValidHeader, typed } from '../client/options.js';

export function checkManagementKey(value: unknown): string {
  const key = typed<string | undefined>('managementKey', value, 'string');
  const appKind = key && /^[^:\s]+:(secret|public):[0-9a-f]{32}$/.exec(key)?.[1];
  if (!key || appKind || key.trim() !== key || !isValidHeader('ManagementKey', key)) {
    return fail(
      'managementKey',
      key === undefined
        ? "is missing; pass your server's PasswordlessManagement:ManagementKey setting (is its environment variable set?)"
        : !key
          ? 'is empty (is its environment variable set?)'
          : appKind
            ? `holds an app's ${appKind} key; pass that to createPasswordlessClient() as ${appKind === 'secret' ? 'apiSecret' : 'apiKey'}`
            : key.trim() !== key
              ? 'has leading or trailing whitespace'
              : 'holds characters a header cannot carry',
    );
  }
  return key;
}
