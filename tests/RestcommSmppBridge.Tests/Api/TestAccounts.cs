namespace RestcommSmppBridge.Tests.Api;

internal sealed record TestAccount(string Sid, string Token);

/// <summary>The accounts every API test host is seeded with, through configuration as in production.</summary>
internal static class TestAccounts
{
    public static readonly TestAccount First = new("AC" + new string('1', 32), "token-one-0123456789");

    public static readonly TestAccount Second = new("AC" + new string('2', 32), "token-two-0123456789");

    public static readonly TestAccount Suspended = new("AC" + new string('3', 32), "token-three-0123456789");

    /// <summary>Its token is the MD5 hex of <see cref="Md5PlainPassword"/>, as Restcomm stores account passwords.</summary>
    public static readonly TestAccount Md5 = new("AC" + new string('4', 32), "5ebe2294ecd0e0f08eab7690d2a6ee69");

    /// <summary>MD5("secret") = 5ebe2294ecd0e0f08eab7690d2a6ee69.</summary>
    public const string Md5PlainPassword = "secret";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Bridge:Accounts:0:Sid"] = First.Sid,
        ["Bridge:Accounts:0:AuthToken"] = First.Token,
        ["Bridge:Accounts:0:FriendlyName"] = "First",
        ["Bridge:Accounts:1:Sid"] = Second.Sid,
        ["Bridge:Accounts:1:AuthToken"] = Second.Token,
        ["Bridge:Accounts:2:Sid"] = Suspended.Sid,
        ["Bridge:Accounts:2:AuthToken"] = Suspended.Token,
        ["Bridge:Accounts:2:Status"] = "suspended",
        ["Bridge:Accounts:3:Sid"] = Md5.Sid,
        ["Bridge:Accounts:3:AuthToken"] = Md5.Token,
    };

    public static string MessagesPath(TestAccount account) => $"/restcomm/2012-04-24/Accounts/{account.Sid}/SMS/Messages";

    public static string NumbersPath(TestAccount account) => $"/restcomm/2012-04-24/Accounts/{account.Sid}/IncomingPhoneNumbers";
}
