// Every member of every request body the spec declares, with the C# type the server declares for it (read from
// bitwarden/passwordless-server 20232df8 and fido2-net-lib 4.0.0), and the binder's reading of the spec must agree:
// that type decides which JSON a member takes (a Guid no number, a `string` any scalar, a value type no null). A member
// the spec adds without an entry here fails, so each new one is checked against the server's source.
import { describe, expect, it } from 'vitest';
import { Binder } from '../../src/emulator/binding/binder.js';
import { type CSharpKind, csharpTypeOf, valueKinds } from '../../src/emulator/binding/csharp-types.js';
import type { JsonSchema } from '../../src/emulator/spec/openapi-document.js';
import { loadSpecDocument } from '../../src/mock/load-spec-document.js';

/** Each member's C# declaration and the binder kind it reads as; `?` marks a value type the server declares `T?`. */
const serverMembers: Record<string, [declaration: string, kind: `${CSharpKind}${'' | '?'}`]> = {
  // src/Service/Models/RegisterToken.cs (RegisterToken : Token)
  'RegisterTokenRequest.userId': ['string UserId', 'string'],
  'RegisterTokenRequest.username': ['string Username', 'string'],
  'RegisterTokenRequest.displayName': ['string DisplayName', 'string'],
  'RegisterTokenRequest.attestation': ['string Attestation = "None"', 'string'],
  'RegisterTokenRequest.authenticatorType': ['string AuthenticatorType', 'string'],
  'RegisterTokenRequest.discoverable': ['bool Discoverable = true', 'bool'],
  'RegisterTokenRequest.userVerification': ['string UserVerification = "Preferred"', 'string'],
  'RegisterTokenRequest.aliases': ['HashSet<string>? Aliases', 'list'],
  'RegisterTokenRequest.aliases[]': ['string', 'string'],
  'RegisterTokenRequest.aliasHashing': ['bool AliasHashing = true', 'bool'],
  'RegisterTokenRequest.hints': ['IReadOnlyList<PublicKeyCredentialHint> Hints = []', 'list'],
  'RegisterTokenRequest.hints[]': ['PublicKeyCredentialHint (FidoEnumConverter)', 'fido-enum'],
  'RegisterTokenRequest.expiresAt': ['DateTime ExpiresAt (Token)', 'date-time'],
  'RegisterTokenRequest.tokenId': ['Guid TokenId (Token)', 'guid'],
  'RegisterTokenRequest.type': ['string Type (Token)', 'string'],
  // src/Service/Models/FidoRegistrationBeginDTO.cs, RequestBase.cs
  'RegisterBeginRequest.token': ['string Token', 'string'],
  'RegisterBeginRequest.origin': ['string Origin (RequestBase)', 'string'],
  'RegisterBeginRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // src/Service/Models/RegistrationCompleteDTO.cs
  'RegisterCompleteRequest.session': ['string Session', 'string'],
  'RegisterCompleteRequest.response': ['AuthenticatorAttestationResponseDTO Response', 'class'],
  'RegisterCompleteRequest.nickname': ['string Nickname', 'string'],
  'RegisterCompleteRequest.origin': ['string Origin (RequestBase)', 'string'],
  'RegisterCompleteRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // src/Service/Models/AuthenticatorAttestationResponseDTO.cs
  'AuthenticatorAttestationResponse.id': ['required string Id', 'string'],
  'AuthenticatorAttestationResponse.rawId': ['required byte[] RawId (Base64UrlConverter)', 'base64url'],
  'AuthenticatorAttestationResponse.type': ['PublicKeyCredentialType Type (FidoEnumConverter)', 'fido-enum'],
  'AuthenticatorAttestationResponse.response': ['AuthenticatorAttestationResponseDataDTO Response', 'class'],
  'AuthenticatorAttestationResponse.response.clientDataJSON': [
    'required byte[] ClientDataJson (Base64UrlConverter)',
    'base64url',
  ],
  'AuthenticatorAttestationResponse.response.attestationObject': [
    'required byte[] AttestationObject (Base64UrlConverter)',
    'base64url',
  ],
  'AuthenticatorAttestationResponse.response.transports': ['AuthenticatorTransport[] Transports = []', 'list'],
  'AuthenticatorAttestationResponse.response.transports[]': ['AuthenticatorTransport (FidoEnumConverter)', 'fido-enum'],
  'AuthenticatorAttestationResponse.authenticatorAttachment': ['string AuthenticatorAttachment', 'string'],
  'AuthenticatorAttestationResponse.clientExtensionResults': ['AuthenticationExtensionsClientOutputs', 'class'],
  // fido2-net-lib Src/Fido2.Models/Objects/AuthenticationExtensionsClientOutputs.cs, CredentialPropertiesOutput.cs
  'AuthenticationExtensionsClientOutputs.credProps': ['CredentialPropertiesOutput? CredProps', 'class'],
  'AuthenticationExtensionsClientOutputs.credProps.rk': ['bool Rk', 'bool'],
  'AuthenticationExtensionsClientOutputs.appid': ['bool AppID', 'bool'],
  // src/Service/Models/SignInBeginDTO.cs
  'SigninBeginRequest.userId': ['string UserId', 'string'],
  'SigninBeginRequest.alias': ['string Alias', 'string'],
  'SigninBeginRequest.purpose': ['SignInPurpose Purpose = SignIn (SignInPurposeConverter)', 'purpose'],
  'SigninBeginRequest.origin': ['string Origin (RequestBase)', 'string'],
  'SigninBeginRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // src/Service/Models/SignInCompleteDTO.cs
  'SigninCompleteRequest.session': ['string Session', 'string'],
  'SigninCompleteRequest.response': ['AuthenticatorAssertionRawResponse Response', 'class'],
  'SigninCompleteRequest.origin': ['string Origin (RequestBase)', 'string'],
  'SigninCompleteRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // fido2-net-lib Src/Fido2.Models/AuthenticatorAssertionRawResponse.cs
  'AuthenticatorAssertionResponse.id': ['string Id', 'string'],
  'AuthenticatorAssertionResponse.rawId': ['byte[] RawId (Base64UrlConverter)', 'base64url'],
  'AuthenticatorAssertionResponse.type': ['PublicKeyCredentialType Type (FidoEnumConverter)', 'fido-enum'],
  'AuthenticatorAssertionResponse.response': ['AssertionResponse Response', 'class'],
  'AuthenticatorAssertionResponse.response.authenticatorData': [
    'required byte[] AuthenticatorData (Base64UrlConverter)',
    'base64url',
  ],
  'AuthenticatorAssertionResponse.response.signature': ['required byte[] Signature (Base64UrlConverter)', 'base64url'],
  'AuthenticatorAssertionResponse.response.clientDataJSON': [
    'required byte[] ClientDataJson (Base64UrlConverter)',
    'base64url',
  ],
  'AuthenticatorAssertionResponse.response.userHandle': ['byte[]? UserHandle (Base64UrlConverter)', 'base64url'],
  'AuthenticatorAssertionResponse.clientExtensionResults': ['AuthenticationExtensionsClientOutputs', 'class'],
  // src/Service/Models/SignInVerifyDTO.cs
  'SigninVerifyRequest.token': ['string Token', 'string'],
  'SigninVerifyRequest.origin': ['string Origin (RequestBase)', 'string'],
  'SigninVerifyRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // src/Service/Models/SigninTokenRequest.cs
  'SigninTokenRequest.userId': ['required string UserId', 'string'],
  'SigninTokenRequest.timeToLive': ['int? TimeToLiveSeconds [JsonPropertyName("timeToLive")]', 'int?'],
  'SigninTokenRequest.purpose': ['string Purpose = "sign-in"', 'string'],
  'SigninTokenRequest.origin': ['string Origin (RequestBase)', 'string'],
  'SigninTokenRequest.rpid': ['string RPID (RequestBase)', 'string'],
  // src/Service/Models/AliasPayload.cs
  'SetAliasesRequest.userId': ['string UserId', 'string'],
  'SetAliasesRequest.aliases': ['HashSet<string> Aliases', 'list'],
  'SetAliasesRequest.aliases[]': ['string', 'string'],
  'SetAliasesRequest.hashing': ['bool Hashing = true', 'bool'],
  // src/Common/Models/Credentials/GetCredentialsRequest.cs, UsersEndpoints.UserDeletePayload
  'UserIdRequest.userId': ['string UserId', 'string'],
  // src/Api/Models/CredentialsDeleteDTO.cs
  'DeleteCredentialRequest.credentialId': ['byte[] CredentialId = [] (Base64UrlConverter)', 'base64url'],
  // src/Common/MagicLinks/Models/SendMagicLinkRequest.cs
  'SendMagicLinkRequest.emailAddress': ['string EmailAddress', 'string'],
  'SendMagicLinkRequest.urlTemplate': ['string UrlTemplate', 'string'],
  'SendMagicLinkRequest.userId': ['string UserId', 'string'],
  'SendMagicLinkRequest.timeToLive': ['int? TimeToLive', 'int?'],
  // src/Common/Models/Apps/SetAuthenticationConfigurationRequest.cs
  'SetAuthConfigRequest.purpose': ['string Purpose = ""', 'string'],
  'SetAuthConfigRequest.userVerificationRequirement': ['UserVerificationRequirement (FidoEnumConverter)', 'fido-enum'],
  'SetAuthConfigRequest.timeToLive': ['TimeSpan TimeToLive', 'time-span'],
  'SetAuthConfigRequest.hints': ['IReadOnlyList<PublicKeyCredentialHint> Hints = []', 'list'],
  'SetAuthConfigRequest.hints[]': ['PublicKeyCredentialHint (FidoEnumConverter)', 'fido-enum'],
  'SetAuthConfigRequest.performedBy': ['string PerformedBy = ""', 'string'],
  // src/Common/Models/Apps/DeleteAuthenticationConfigurationRequest.cs
  'DeleteAuthConfigRequest.purpose': ['required string Purpose', 'string'],
  'DeleteAuthConfigRequest.performedBy': ['required string PerformedBy', 'string'],
  // src/Common/Models/Apps/SetFeaturesRequest.cs
  'SetAppFeaturesRequest.performedBy': ['string PerformedBy = "Api"', 'string'],
  'SetAppFeaturesRequest.eventLoggingRetentionPeriod': ['int? EventLoggingRetentionPeriod', 'int?'],
  'SetAppFeaturesRequest.enableManuallyGeneratedAuthenticationTokens': ['bool? Enable…Tokens', 'bool?'],
  'SetAppFeaturesRequest.enableMagicLinks': ['bool? EnableMagicLinks', 'bool?'],
  // src/Common/Models/Authenticators/AddAuthenticatorsRequest.cs, RemoveAuthenticatorsRequest.cs
  'AddAuthenticatorsRequest.aaGuids': ['IReadOnlyCollection<Guid> AaGuids', 'list'],
  'AddAuthenticatorsRequest.aaGuids[]': ['Guid', 'guid'],
  'AddAuthenticatorsRequest.isAllowed': ['bool IsAllowed', 'bool'],
  'RemoveAuthenticatorsRequest.aaGuids': ['IEnumerable<Guid> AaGuids', 'list'],
  'RemoveAuthenticatorsRequest.aaGuids[]': ['Guid', 'guid'],
  // src/Common/Models/Apps/CreateAppDto.cs
  'CreateAppRequest.adminEmail': ['string AdminEmail = ""', 'string'],
  'CreateAppRequest.eventLoggingIsEnabled': ['bool EventLoggingIsEnabled', 'bool'],
  'CreateAppRequest.eventLoggingRetentionPeriod': ['int EventLoggingRetentionPeriod = 365', 'int'],
  'CreateAppRequest.magicLinkEmailMonthlyQuota': ['int MagicLinkEmailMonthlyQuota', 'int'],
  'CreateAppRequest.maxUsers': ['long? MaxUsers', 'int?'],
  'CreateAppRequest.allowAttestation': ['bool AllowAttestation', 'bool'],
  // src/Common/Models/Apps/ManageFeaturesRequest.cs
  'ReplaceAppFeaturesRequest.eventLoggingIsEnabled': ['bool EventLoggingIsEnabled', 'bool'],
  'ReplaceAppFeaturesRequest.eventLoggingRetentionPeriod': ['int EventLoggingRetentionPeriod', 'int'],
  'ReplaceAppFeaturesRequest.magicLinkEmailMonthlyQuota': ['int MagicLinkEmailMonthlyQuota', 'int'],
  'ReplaceAppFeaturesRequest.maxUsers': ['long? MaxUsers', 'int?'],
  'ReplaceAppFeaturesRequest.allowAttestation': ['bool AllowAttestation', 'bool'],
  // src/Common/Models/Apps/CreatePublicKeyRequest.cs, CreateSecretKeyRequest.cs
  'CreatePublicKeyRequest.scopes': ['HashSet<PublicKeyScopes> Scopes', 'list'],
  'CreatePublicKeyRequest.scopes[]': ['PublicKeyScopes (no converter)', 'enum'],
  'CreateSecretKeyRequest.scopes': ['HashSet<SecretKeyScopes> Scopes', 'list'],
  'CreateSecretKeyRequest.scopes[]': ['SecretKeyScopes (no converter)', 'enum'],
  // src/Common/Models/Apps/MarkDeleteApplicationRequest.cs
  'MarkAppDeletionRequest.appId': ['string AppId', 'string'],
  'MarkAppDeletionRequest.deletedBy': ['string DeletedBy', 'string'],
};

const spec = loadSpecDocument();
const binder = new Binder(spec);

/** Every member of every request body of the spec, named as the binder names it for serverTypeFacts. */
function requestMembers(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (raw: JsonSchema | undefined, owner: string | undefined) => {
    const shape = binder.shapeOf(raw);
    const name = shape.component ?? owner;
    if (name === undefined) return;
    for (const [member, memberSchema] of Object.entries(
      (shape.schema.properties ?? {}) as Record<string, JsonSchema>,
    )) {
      const path = `${name}.${member}`;
      if (found.has(path)) continue;
      const memberShape = binder.shapeOf(memberSchema);
      const type = csharpTypeOf(memberShape, path);
      // A reference type takes null whatever the spec says; a value type only where the server declares `T?`.
      found.set(path, `${type.kind}${memberShape.nullable && valueKinds.has(type.kind) ? '?' : ''}`);
      if (type.kind === 'class') visit(memberSchema, path);
      if (type.kind === 'list') {
        const items = binder.shapeOf(memberShape.schema.items as JsonSchema);
        const itemType = csharpTypeOf(items, `${path}[]`);
        found.set(`${path}[]`, itemType.kind);
        if (itemType.kind === 'class') visit(memberShape.schema.items as JsonSchema, `${path}[]`);
      }
    }
  };
  for (const entry of spec.operations) if (entry.body) visit(entry.body.schema, undefined);
  return found;
}

describe('each request member binds as the C# type the server declares', () => {
  const members = requestMembers();

  it('covers every member of every request body, and nothing the spec does not have', () => {
    expect([...members.keys()].filter((member) => !(member in serverMembers))).toEqual([]);
    expect(Object.keys(serverMembers).filter((member) => !members.has(member))).toEqual([]);
  });

  it.each(Object.entries(serverMembers))('%s (%j)', (member, [, kind]) => {
    expect(members.get(member)).toBe(kind);
  });
});
