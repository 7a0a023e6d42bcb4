// What both programs share: the emulator's address and keys from the environment npm run test:codegen sets, and a
// runner that prints one line per flow and makes the exit code say whether every flow passed.
namespace Passwordless.Codegen;

public static class Settings
{
    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run this program through `npm run test:codegen`.");

    public static string BaseUrl => Require("PASSWORDLESS_BASE_URL");
    public static string ApiSecret => Require("PASSWORDLESS_API_SECRET");
    public static string ManagementKey => Require("PASSWORDLESS_MANAGEMENT_KEY");
    /** A user who has a passkey (registered by npm run test:codegen before the program starts). */
    public static string PasskeyUserId => Require("PASSWORDLESS_PASSKEY_USER_ID");
    /** The verify_ token that passkey's registration gave. */
    public static string PasskeyToken => Require("PASSWORDLESS_PASSKEY_TOKEN");
    /** Makes the users, aliases and apps of this run its own. */
    public static string RunId => Require("PASSWORDLESS_RUN_ID");
}

public sealed class FlowFailed(string message) : Exception(message);

public static class Flow
{
    public static void Expect(bool condition, string what)
    {
        if (!condition) throw new FlowFailed(what);
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new FlowFailed($"{what}: expected {expected}, got {actual}");
    }

    /** Runs each flow, prints `ok <name>` or `FAILED <name>: <why>`, and returns the process's exit code. */
    public static async Task<int> RunAll(string generator, params (string Name, Func<Task> Run)[] flows)
    {
        var failed = 0;
        foreach (var (name, run) in flows)
        {
            try
            {
                await run();
                Console.WriteLine($"{generator}: ok {name}");
            }
            catch (Exception error)
            {
                failed++;
                Console.WriteLine($"{generator}: FAILED {name}: {error.GetType().Name}: {error.Message}");
            }
        }
        Console.WriteLine($"{generator}: {flows.Length - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
