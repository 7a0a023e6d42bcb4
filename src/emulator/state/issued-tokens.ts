// The tokens an app handed out lately (`register_` and `verify_`), for the state page: the server keeps none (a token
// carries its content, signed), so this is the emulator's own record, kept only in memory and bounded: the newest few
// per app, nothing of the token itself but who it is for and when it expires. Whether one has expired is read against
// the emulator's clock when shown, so moving the clock shows it.
import { NewestKept } from './newest-kept.js';

/** A token handed out: its kind, its user, and its times. */
export interface IssuedToken {
  kind: 'register' | 'verify';
  userId: string;
  /** What a `verify_` token is for (`passkey_signin`, `magic_link`…); null for a `register_` token. */
  type: string | null;
  /** Milliseconds since the epoch, by the emulator's clock (formatted only when shown). */
  issuedAt: number;
  /** As the token holds it (.NET's UTC DateTime). */
  expiresAt: string;
}

/** How many tokens each app remembers: the newest, enough to see what a test or a session just did. */
export const issuedTokensKept = 200;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export class IssuedTokens {
  private readonly tokens = new NewestKept<IssuedToken>(issuedTokensKept);

  constructor(private readonly clock: () => number) {}

  get count(): number {
    return this.tokens.size;
  }

  /** Notes a token just issued with this content; sessions and contents without an expiry are not tokens to show. */
  note(content: unknown): void {
    if (!isRecord(content) || (content.kind !== 'register' && content.kind !== 'verify')) return;
    const { userId, expiresAt, type } = content;
    if (typeof userId !== 'string' || typeof expiresAt !== 'string') return;
    this.tokens.push({
      kind: content.kind,
      userId,
      type: typeof type === 'string' ? type : null,
      issuedAt: this.clock(),
      expiresAt,
    });
  }

  /** The newest `count` tokens, newest first. */
  newest(count: number): IssuedToken[] {
    return this.tokens.slice(this.tokens.size - count).reverse();
  }
}
