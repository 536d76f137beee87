using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// The demo account's credentials: generated on the first start and kept in <c>demo-account.json</c> in the data
/// folder (owner-only on Unix), so the token never sits in appsettings.json and the README's curl keeps working
/// across restarts.
/// </summary>
internal sealed record DemoAccount(string Sid, string AuthToken)
{
    /// <summary>Reads the file, or creates it with a new sid and token when it does not exist.</summary>
    public static DemoAccount LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            DemoAccount? stored;
            try
            {
                stored = JsonSerializer.Deserialize(File.ReadAllText(path), DemoAccountJsonContext.Default.DemoAccount);
            }
            catch (JsonException ex)
            {
                throw new ConfigurationFileException($"{path} is not a demo account file ({ex.Message}); delete it to get a new demo account.");
            }

            if (stored is null || !Sids.IsValid(stored.Sid, Sids.AccountPrefix) || string.IsNullOrWhiteSpace(stored.AuthToken))
            {
                throw new ConfigurationFileException($"{path} lacks a valid Sid or AuthToken; delete it to get a new demo account.");
            }

            return stored;
        }

        DemoAccount created = new(Sids.NewAccountSid(), RandomNumberGenerator.GetHexString(32, lowercase: true));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStreamOptions options = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The token is a password: readable by the bridge's user only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (FileStream stream = new(path, options))
        {
            JsonSerializer.Serialize(stream, created, DemoAccountJsonContext.Default.DemoAccount);
        }

        return created;
    }
}

/// <summary>Source-generated JSON of <see cref="DemoAccount"/> (trim-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DemoAccount))]
internal sealed partial class DemoAccountJsonContext : JsonSerializerContext
{
}
