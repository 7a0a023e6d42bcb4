// Prefer exceptions? unwrap() a single call, or create the client with `throwOnError: true`. Either raises
// PasswordlessApiError with status, errorCode, title, detail, the whole problem, and the operation's method and path.
import { createPasswordlessClient, PasswordlessApiError } from '../src/index.js';
import { passwordless } from './create-client.js';

export async function countCredentials(userId: string): Promise<number> {
  const { values } = await passwordless.unwrap(
    passwordless.GET('/credentials/list', { params: { query: { userId } } }),
  );
  return values.length;
}

const throwing = createPasswordlessClient({ apiSecret: process.env.PASSWORDLESS_API_SECRET, throwOnError: true });

export async function emailSignInLink(userId: string, emailAddress: string): Promise<'sent' | 'quota reached'> {
  try {
    await throwing.POST('/magic-links/send', {
      body: { userId, emailAddress, urlTemplate: 'https://app.example.com/signin?token=$TOKEN' },
    });
    return 'sent';
  } catch (failure) {
    if (failure instanceof PasswordlessApiError && failure.errorCode === 'magic_link_email_quota_exceeded')
      return 'quota reached';
    throw failure;
  }
}
