// The flows of issue 22 through a client that NSwag generated from the published spec (Passwordless.NSwag, in
// Generated/Client.cs), against the emulator that npm run test:codegen started. NSwag's client takes an HttpClient:
// each key goes in that HttpClient's default headers.
using Passwordless.Codegen;
using Passwordless.NSwag;
using static Passwordless.Codegen.Flow;

static PasswordlessClient ClientWith(string header, string key)
{
    var http = new HttpClient();
    http.DefaultRequestHeaders.Add(header, key);
    return new PasswordlessClient(http) { BaseUrl = Settings.BaseUrl };
}

var client = ClientWith("ApiSecret", Settings.ApiSecret);
var management = ClientWith("ManagementKey", Settings.ManagementKey);
var run = Settings.RunId;

return await RunAll(
    "nswag",
    ("register token", async () =>
    {
        var answer = await client.CreateRegisterTokenAsync(new RegisterTokenRequest { UserId = $"nswag-{run}-1", Username = "fry@example.com" });
        Expect(answer.Token.StartsWith("register_"), $"a register_ token, got {answer.Token}");
    }),
    ("generate and verify a sign-in token", async () =>
    {
        var generated = await client.GenerateSigninTokenAsync(new SigninTokenRequest { UserId = $"nswag-{run}-1" });
        // credentialId, rpId, origin… are null for a generated token: the client must read them as null, not throw.
        var user = await client.VerifySigninAsync(new SigninVerifyRequest { Token = generated.Token });
        Equal($"nswag-{run}-1", user.UserId, "userId");
        Equal("sign-in", user.Purpose, "purpose");
        Equal(VerifiedUserType.Generated_signin, user.Type, "type");
        Equal(null, user.CredentialId, "credentialId");
        Equal(null, user.RpId, "rpId");
    }),
    ("set and list aliases", async () =>
    {
        var userId = $"nswag-{run}-2";
        await client.SetAliasesAsync(new SetAliasesRequest { UserId = userId, Aliases = [$"nswag-{run}@example.com"], Hashing = false });
        var aliases = await client.ListAliasesAsync(userId);
        Expect(aliases.Values.Any(alias => alias.Plaintext == $"nswag-{run}@example.com"), "the alias in /alias/list");
    }),
    ("list the credentials of a user with a passkey", async () =>
    {
        var credentials = await client.ListCredentialsAsync(Settings.PasskeyUserId);
        var passkey = credentials.Values.Single();
        Equal(Settings.PasskeyUserId, passkey.UserId, "userId");
        Expect(passkey.Descriptor.Id is { Length: > 0 }, "the passkey's descriptor id");
        var user = await client.VerifySigninAsync(new SigninVerifyRequest { Token = Settings.PasskeyToken });
        Expect(user.CredentialId is { Length: > 0 }, "credentialId of a passkey's token");
        Equal(VerifiedUserType.Passkey_register, user.Type, "type");
    }),
    ("a 400 as a typed validation problem", async () =>
    {
        try
        {
            await client.CreateRegisterTokenAsync(new RegisterTokenRequest { UserId = "", Username = "fry@example.com" });
            throw new FlowFailed("no error for an empty userId");
        }
        catch (ApiException<ValidationProblemDetails> failure)
        {
            Equal(400, failure.StatusCode, "status");
            Equal("One or more validation errors occurred.", failure.Result.Title, "title");
            Equal(null, failure.Result.ErrorCode, "errorCode");
            Expect(failure.Result.Errors?.ContainsKey("userId") == true, "errors.userId");
        }
    }),
    ("a 409 as a typed API problem", async () =>
    {
        var alias = $"nswag-taken-{run}@example.com";
        await client.SetAliasesAsync(new SetAliasesRequest { UserId = $"nswag-{run}-3", Aliases = [alias] });
        try
        {
            await client.CreateRegisterTokenAsync(new RegisterTokenRequest { UserId = $"nswag-{run}-4", Username = "bender@example.com", Aliases = [alias] });
            throw new FlowFailed("no error for an alias of another user");
        }
        catch (ApiException<ApiProblemDetails> failure)
        {
            Equal(409, failure.StatusCode, "status");
            Equal("alias_conflict", failure.Result.ErrorCode, "errorCode");
            Equal("Alias is already in use by another userid", failure.Result.Title, "title");
        }
    }),
    ("create an app with the default retention", async () =>
    {
        var appId = $"nswag{run}";
        // NSwag sends every member: the retention it sends is the spec's default (365), as the server's own would be.
        var request = new CreateAppRequest { AdminEmail = "admin@example.com" };
        Equal(365, request.EventLoggingRetentionPeriod, "the request's default retention");
        var created = await management.CreateAppAsync(appId, request);
        Expect(created.ApiSecret1.StartsWith($"{appId}:secret:"), "the new app's secret");
        var features = await management.GetAppFeaturesAsync(appId);
        Equal(365, features.EventLoggingRetentionPeriod, "eventLoggingRetentionPeriod");
        Equal(null, features.DeveloperLoggingEndsAt, "developerLoggingEndsAt");
    })
);
