// What the emulator's tokens carry, kind by kind, and the order of their members. A token holds its content as a
// MessagePack array, as the server's MessagePack-CSharp writes a [MessagePackObject] whose members have [Key(n)]
// (Token, RegisterToken, VerifySignInToken): the kind's number first, then the members in this order. Without the
// member names the token is shorter and costs a third less to make. A content of no kind here (a test's) is kept as a
// map, and so is read back.
import type { VerifiedUser } from '../ceremony/ceremony-values.js';
import type { CredentialHint, UserVerificationRequirement } from '../state/records.js';

/** What /register/token puts in its token: the request's members as bound (RegisterToken), and Token's. */
export interface RegisterTokenContent {
  kind: 'register';
  userId: string;
  displayName: string | null;
  username: string;
  attestation: string;
  authenticatorType: string | null;
  discoverable: boolean;
  userVerification: string;
  aliases: string[] | null;
  aliasHashing: boolean;
  hints: CredentialHint[];
  expiresAt: string;
}

export type AttestationConveyance = 'none' | 'indirect' | 'direct';

/** What /register/begin puts in its session (RegisterSession): the options, and the aliases to store. */
export interface RegisterSessionContent {
  kind: 'register-session';
  challenge: string;
  rpId: string | null;
  userHandle: string;
  userVerification: UserVerificationRequirement;
  attestation: AttestationConveyance;
  aliases: string[] | null;
  aliasHashing: boolean;
}

/** What /signin/begin puts in its session (AuthenticationSessionConfiguration): the options and the purpose. */
export interface SigninSessionContent {
  kind: 'signin-session';
  challenge: string;
  rpId: string | null;
  userVerification: string;
  allowCredentials: string[];
  purpose: string;
}

/** What a `verify_` token carries (VerifySignInToken), in the order `/signin/verify` answers it. */
export type VerifyTokenContent = { kind: 'verify' } & VerifiedUser;

export type TokenContent = RegisterTokenContent | RegisterSessionContent | SigninSessionContent | VerifyTokenContent;

type Members<T> = readonly Exclude<keyof T, 'kind'>[];
/** Never unless `List` names every member of `T` but its kind: a member added to a content must be added here too. */
type EveryMember<T, List extends Members<T>> = Exclude<Exclude<keyof T, 'kind'>, List[number]>;

const registerMembers = [
  'userId',
  'displayName',
  'username',
  'attestation',
  'authenticatorType',
  'discoverable',
  'userVerification',
  'aliases',
  'aliasHashing',
  'hints',
  'expiresAt',
] as const satisfies Members<RegisterTokenContent>;
const registerSessionMembers = [
  'challenge',
  'rpId',
  'userHandle',
  'userVerification',
  'attestation',
  'aliases',
  'aliasHashing',
] as const satisfies Members<RegisterSessionContent>;
const signinSessionMembers = [
  'challenge',
  'rpId',
  'userVerification',
  'allowCredentials',
  'purpose',
] as const satisfies Members<SigninSessionContent>;
const verifyMembers = [
  'userId',
  'timestamp',
  'rpId',
  'origin',
  'success',
  'device',
  'country',
  'nickname',
  'credentialId',
  'purpose',
  'expiresAt',
  'tokenId',
  'type',
] as const satisfies Members<VerifyTokenContent>;

const complete: [
  EveryMember<RegisterTokenContent, typeof registerMembers>,
  EveryMember<RegisterSessionContent, typeof registerSessionMembers>,
  EveryMember<SigninSessionContent, typeof signinSessionMembers>,
  EveryMember<VerifyTokenContent, typeof verifyMembers>,
] extends [never, never, never, never]
  ? true
  : false = true;
void complete;

/** Each kind's number in a token, and its members in order. */
const shapes: readonly (readonly [TokenContent['kind'], readonly string[]])[] = [
  ['register', registerMembers],
  ['register-session', registerSessionMembers],
  ['signin-session', signinSessionMembers],
  ['verify', verifyMembers],
];
const numberOfKind = new Map(shapes.map(([kind], index) => [kind as string, index]));

/** The content as a token holds it: `[kind number, ...members]`, or the content itself when it has no known kind. */
export function packContent(content: unknown): unknown {
  const kind = (content as { kind?: unknown } | null)?.kind;
  const index = typeof kind === 'string' ? numberOfKind.get(kind) : undefined;
  if (index === undefined) return content;
  const members = (shapes[index] as (typeof shapes)[number])[1];
  const packed: unknown[] = [index];
  for (const member of members) packed.push((content as Record<string, unknown>)[member] ?? null);
  return packed;
}

/** The content back from what a token holds; what is not a packed content of a known kind is returned as it is. */
export function unpackContent(value: unknown): unknown {
  if (!Array.isArray(value) || typeof value[0] !== 'number') return value;
  const shape = shapes[value[0]];
  if (!shape) return value;
  const [kind, members] = shape;
  const content: Record<string, unknown> = { kind };
  members.forEach((member, index) => {
    content[member] = value[index + 1] ?? null;
  });
  return content;
}
