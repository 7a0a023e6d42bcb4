// The flows of issue 22 through a client that Kiota generated from the published spec (Passwordless.Kiota, in
// Generated/), against the emulator that npm run test:codegen started. Kiota's ApiKeyAuthenticationProvider sends a
// key header over https only, and the emulator is http://127.0.0.1: so the key goes in the HttpClient's default
// headers, with Kiota's AnonymousAuthenticationProvider (docs/codegen.md shows both).
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Passwordless.Codegen;
using Passwordless.Kiota;
using Passwordless.Kiota.Models;
using static Passwordless.Codegen.Flow;

static PasswordlessClient ClientWith(string header, string key)
{
    var http = KiotaClientFactory.Create();
    http.DefaultRequestHeaders.Add(header, key);
    var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = Settings.BaseUrl };
    return new PasswordlessClient(adapter);
}

var client = ClientWith("ApiSecret", Settings.ApiSecret);
var management = ClientWith("ManagementKey", Settings.ManagementKey);
var run = Settings.RunId;

return await RunAll(
    "kiota",
    ("register token", async () =>
    {
        var answer = await client.Register.Token.PostAsync(new RegisterTokenRequest { UserId = $"kiota-{run}-1", Username = "fry@example.com" });
        Expect(answer?.Token?.StartsWith("register_") == true, $"a register_ token, got {answer?.Token}");
    }),
    ("generate and verify a sign-in token", async () =>
    {
        var generated = await client.Signin.GenerateToken.PostAsync(new SigninTokenRequest { UserId = $"kiota-{run}-1" });
        var user = await client.Signin.Verify.PostAsync(new SigninVerifyRequest { Token = generated!.Token });
        Equal($"kiota-{run}-1", user!.UserId, "userId");
        Equal("sign-in", user.Purpose, "purpose");
        Equal(VerifiedUser_type.Generated_signin, user.Type, "type");
        // Null members of a generated token stay null instead of becoming empty objects.
        Equal(null, user.CredentialId, "credentialId");
        Equal(null, user.RpId, "rpId");
    }),
    ("set and list aliases", async () =>
    {
        var userId = $"kiota-{run}-2";
        await client.Alias.PostAsync(new SetAliasesRequest { UserId = userId, Aliases = [$"kiota-{run}@example.com"], Hashing = false });
        var aliases = await client.Alias.List.GetAsync(request => request.QueryParameters.UserId = userId);
        Expect(aliases!.Values!.Any(alias => alias.Plaintext == $"kiota-{run}@example.com"), "the alias in /alias/list");
    }),
    ("list the credentials of a user with a passkey", async () =>
    {
        var credentials = await client.Credentials.List.GetAsync(request => request.QueryParameters.UserId = Settings.PasskeyUserId);
        var passkey = credentials!.Values!.Single();
        Equal(Settings.PasskeyUserId, passkey.UserId, "userId");
        Expect(passkey.Descriptor?.Id is { Length: > 0 }, "the passkey's descriptor id");
        // The passkey's own token carries its id in standard base64 (a nullable member that has a value).
        var user = await client.Signin.Verify.PostAsync(new SigninVerifyRequest { Token = Settings.PasskeyToken });
        Expect(user!.CredentialId is { Length: > 0 }, "credentialId of a passkey's token");
        Equal(VerifiedUser_type.Passkey_register, user.Type, "type");
    }),
    ("a 400 as a typed validation problem", async () =>
    {
        try
        {
            await client.Register.Token.PostAsync(new RegisterTokenRequest { UserId = "", Username = "fry@example.com" });
            throw new FlowFailed("no error for an empty userId");
        }
        catch (ValidationProblemDetails problem)
        {
            Equal(400, problem.ResponseStatusCode, "status");
            Equal("One or more validation errors occurred.", problem.Title, "title");
            Equal("One or more validation errors occurred.", problem.Message, "the exception's message");
            Equal(null, problem.ErrorCode, "errorCode");
            Expect(problem.Errors?.AdditionalData.ContainsKey("userId") == true, "errors.userId");
        }
    }),
    ("a 409 as a typed API problem", async () =>
    {
        var alias = $"kiota-taken-{run}@example.com";
        await client.Alias.PostAsync(new SetAliasesRequest { UserId = $"kiota-{run}-3", Aliases = [alias] });
        try
        {
            await client.Register.Token.PostAsync(new RegisterTokenRequest { UserId = $"kiota-{run}-4", Username = "bender@example.com", Aliases = [alias] });
            throw new FlowFailed("no error for an alias of another user");
        }
        catch (ApiProblemDetails problem)
        {
            Equal(409, problem.ResponseStatusCode, "status");
            Equal("alias_conflict", problem.ErrorCode, "errorCode");
            Equal("Alias is already in use by another userid", problem.Title, "title");
        }
    }),
    ("create an app with the default retention", async () =>
    {
        var appId = $"kiota{run}";
        // Only the admin e-mail: the retention is the spec's default, which the server applies (Kiota sends what is set).
        var created = await management.Admin.Apps[appId].Create.PostAsync(new CreateAppRequest { AdminEmail = "admin@example.com" });
        Expect(created!.ApiSecret1?.StartsWith($"{appId}:secret:") == true, "the new app's secret");
        var features = await management.Admin.Apps[appId].Features.GetAsync();
        Equal(365, features!.EventLoggingRetentionPeriod, "eventLoggingRetentionPeriod");
        Equal(null, features.DeveloperLoggingEndsAt, "developerLoggingEndsAt");
    })
);
