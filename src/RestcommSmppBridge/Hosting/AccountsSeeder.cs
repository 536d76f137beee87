using Microsoft.Extensions.Options;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Startup step that writes <c>Bridge:Accounts</c> and <c>Bridge:Numbers</c> into the store, so configuration is the
/// source of truth for who may use the API and where inbound SMS go. Registered after the store's migrations, so the
/// tables exist; hosted services start in registration order and before Kestrel, so no request sees a half-seeded
/// store.
/// </summary>
/// <remarks>
/// Accounts are upserted (token, status and name follow the configuration). An account left in the store but no
/// longer configured is closed, so removing it from configuration revokes its access. A configured number is created
/// or updated in place; if it is held by another account (created through the REST API), it moves to the configured
/// account. Numbers created through the REST API and absent from configuration are left alone.
/// </remarks>
internal sealed partial class AccountsSeeder : IHostedService
{
    private readonly AccountsOptions _options;
    private readonly IAccountStore _accounts;
    private readonly IPhoneNumberStore _numbers;
    private readonly TimeProvider _time;
    private readonly ILogger<AccountsSeeder> _logger;

    public AccountsSeeder(IOptions<AccountsOptions> options, IAccountStore accounts, IPhoneNumberStore numbers,
        TimeProvider time, ILogger<AccountsSeeder> logger)
    {
        _options = options.Value;
        _accounts = accounts;
        _numbers = numbers;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        HashSet<string> configured = new(StringComparer.Ordinal);
        foreach (AccountSeed seed in _options.Accounts)
        {
            // The validator ran at start (ValidateOnStart), so required values are present and well formed.
            Account account = new()
            {
                Sid = seed.Sid!,
                AuthToken = seed.AuthToken!,
                Status = AccountsOptionsValidator.ParseStatus(seed.Status) ?? AccountStatus.Active,
                FriendlyName = seed.FriendlyName ?? string.Empty,
                DateCreated = now,
                DateUpdated = now,
            };
            await _accounts.UpsertAsync(account, cancellationToken);
            configured.Add(account.Sid);
            Log.AccountSeeded(_logger, account.Sid, account.Status);
        }

        foreach (Account stored in await _accounts.ListAsync(cancellationToken))
        {
            if (!configured.Contains(stored.Sid) && stored.Status != AccountStatus.Closed)
            {
                await _accounts.UpsertAsync(stored with { Status = AccountStatus.Closed, DateUpdated = now }, cancellationToken);
                Log.AccountClosed(_logger, stored.Sid);
            }
        }

        foreach (NumberSeed seed in _options.Numbers)
        {
            await SeedNumberAsync(seed, now, cancellationToken);
        }

        Log.Seeded(_logger, _options.Accounts.Count, _options.Numbers.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedNumberAsync(NumberSeed seed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string phoneNumber = seed.PhoneNumber!;
        string accountSid = seed.AccountSid!;
        IncomingPhoneNumber? existing = await _numbers.FindByNumberAsync(phoneNumber, cancellationToken);
        if (existing is not null && string.Equals(existing.AccountSid, accountSid, StringComparison.Ordinal))
        {
            PhoneNumberWriteResult updated = await _numbers.UpdateAsync(Apply(existing, seed, now), cancellationToken);
            EnsureApplied(updated, phoneNumber);
            return;
        }

        if (existing is not null)
        {
            await _numbers.DeleteAsync(existing.AccountSid, existing.Sid, cancellationToken);
            Log.NumberMoved(_logger, phoneNumber, existing.AccountSid, accountSid);
        }

        IncomingPhoneNumber created = Apply(
            new IncomingPhoneNumber { Sid = Sids.NewPhoneNumberSid(), AccountSid = accountSid, PhoneNumber = phoneNumber, DateCreated = now },
            seed,
            now);
        EnsureApplied(await _numbers.CreateAsync(created, cancellationToken), phoneNumber);
    }

    private static IncomingPhoneNumber Apply(IncomingPhoneNumber number, NumberSeed seed, DateTimeOffset now) => number with
    {
        FriendlyName = string.IsNullOrEmpty(seed.FriendlyName) ? number.PhoneNumber : seed.FriendlyName,
        SmsUrl = NullIfEmpty(seed.SmsUrl),
        SmsMethod = MethodOrPost(seed.SmsMethod),
        SmsFallbackUrl = NullIfEmpty(seed.SmsFallbackUrl),
        SmsFallbackMethod = MethodOrPost(seed.SmsFallbackMethod),
        SmsStatusCallback = NullIfEmpty(seed.SmsStatusCallback),
        DateUpdated = now,
    };

    private static void EnsureApplied(PhoneNumberWriteResult result, string phoneNumber)
    {
        if (result != PhoneNumberWriteResult.Applied)
        {
            // Only a concurrent writer (another process on the same database) can cause this during start.
            throw new InvalidOperationException($"Seeding phone number {phoneNumber} failed: {result}.");
        }
    }

    private static string MethodOrPost(string? method) =>
        string.IsNullOrEmpty(method) ? "POST" : Api.SendSmsRequest.NormalizeMethod(method) ?? "POST";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5050, EventName = "AccountsSeeded", Level = LogLevel.Information,
            Message = "Seeded {AccountCount} account(s) and {NumberCount} number(s) from configuration")]
        public static partial void Seeded(ILogger logger, int accountCount, int numberCount);

        [LoggerMessage(EventId = 5051, EventName = "AccountSeeded", Level = LogLevel.Debug,
            Message = "Account {AccountSid} seeded as {AccountStatus}")]
        public static partial void AccountSeeded(ILogger logger, string accountSid, AccountStatus accountStatus);

        [LoggerMessage(EventId = 5052, EventName = "AccountClosedNotConfigured", Level = LogLevel.Warning,
            Message = "Account {AccountSid} is no longer configured; closed")]
        public static partial void AccountClosed(ILogger logger, string accountSid);

        [LoggerMessage(EventId = 5053, EventName = "NumberMovedByConfiguration", Level = LogLevel.Warning,
            Message = "Phone number {PhoneNumber} moved from account {FromAccountSid} to {AccountSid} as configured")]
        public static partial void NumberMoved(ILogger logger, string phoneNumber, string fromAccountSid, string accountSid);
    }
}
