namespace RestcommSmppBridge.Storage.Sqlite;

// Row shapes Dapper fills from the SELECT aliases; they are mapped to the immutable model right away.
// INTEGER columns are read as long (SQLite's integer width) and narrowed when mapped.

internal sealed class AccountRow
{
    public string Sid { get; set; } = string.Empty;

    public string AuthToken { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string FriendlyName { get; set; } = string.Empty;

    public long DateCreated { get; set; }

    public long DateUpdated { get; set; }

    public Account ToModel() => new()
    {
        Sid = Sid,
        AuthToken = AuthToken,
        Status = SqliteValues.ParseAccountStatus(Status, Sid),
        FriendlyName = FriendlyName,
        DateCreated = SqliteValues.FromTicks(DateCreated),
        DateUpdated = SqliteValues.FromTicks(DateUpdated),
    };
}

internal sealed class PhoneNumberRow
{
    public string Sid { get; set; } = string.Empty;

    public string AccountSid { get; set; } = string.Empty;

    public string PhoneNumber { get; set; } = string.Empty;

    public string FriendlyName { get; set; } = string.Empty;

    public string? SmsUrl { get; set; }

    public string SmsMethod { get; set; } = string.Empty;

    public string? SmsFallbackUrl { get; set; }

    public string SmsFallbackMethod { get; set; } = string.Empty;

    public string? SmsStatusCallback { get; set; }

    public long DateCreated { get; set; }

    public long DateUpdated { get; set; }

    public IncomingPhoneNumber ToModel() => new()
    {
        Sid = Sid,
        AccountSid = AccountSid,
        PhoneNumber = PhoneNumber,
        FriendlyName = FriendlyName,
        SmsUrl = SmsUrl,
        SmsMethod = SmsMethod,
        SmsFallbackUrl = SmsFallbackUrl,
        SmsFallbackMethod = SmsFallbackMethod,
        SmsStatusCallback = SmsStatusCallback,
        DateCreated = SqliteValues.FromTicks(DateCreated),
        DateUpdated = SqliteValues.FromTicks(DateUpdated),
    };
}

internal class MessageRow
{
    public string Sid { get; set; } = string.Empty;

    public string AccountSid { get; set; } = string.Empty;

    public string Sender { get; set; } = string.Empty;

    public string Recipient { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string Direction { get; set; } = string.Empty;

    public long DateCreated { get; set; }

    public long DateUpdated { get; set; }

    public long? DateSent { get; set; }

    public string Price { get; set; } = string.Empty;

    public string PriceUnit { get; set; } = string.Empty;

    public string ApiVersion { get; set; } = string.Empty;

    public long? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? StatusCallback { get; set; }

    public string? StatusCallbackMethod { get; set; }

    public string? Carrier { get; set; }

    public long NumSegments { get; set; }

    public string? Encoding { get; set; }

    public SmsMessage ToModel(IReadOnlyList<string?> carrierMessageIds, IReadOnlyList<MessageStatusChange> history) => new()
    {
        Sid = Sid,
        AccountSid = AccountSid,
        From = Sender,
        To = Recipient,
        Body = Body,
        Status = SqliteValues.ParseMessageStatus(Status, Sid),
        Direction = SqliteValues.ParseMessageDirection(Direction, Sid),
        DateCreated = SqliteValues.FromTicks(DateCreated),
        DateUpdated = SqliteValues.FromTicks(DateUpdated),
        DateSent = SqliteValues.FromTicks(DateSent),
        Price = Price,
        PriceUnit = PriceUnit,
        ApiVersion = ApiVersion,
        ErrorCode = SqliteValues.ToInt32(ErrorCode),
        ErrorMessage = ErrorMessage,
        StatusCallback = StatusCallback,
        StatusCallbackMethod = StatusCallbackMethod,
        Carrier = Carrier,
        NumSegments = checked((int)NumSegments),
        Encoding = Encoding,
        CarrierMessageIds = carrierMessageIds,
        StatusHistory = history,
    };
}

internal sealed class StatusChangeRow
{
    public string Status { get; set; } = string.Empty;

    public long At { get; set; }

    public string? Carrier { get; set; }

    public string? CarrierMessageId { get; set; }

    public long? ErrorCode { get; set; }
}

internal sealed class SegmentRow
{
    public long SegmentIndex { get; set; }

    public string CarrierMessageId { get; set; } = string.Empty;
}

internal sealed class SegmentMatchRow
{
    public string MessageSid { get; set; } = string.Empty;

    public long SegmentIndex { get; set; }
}
