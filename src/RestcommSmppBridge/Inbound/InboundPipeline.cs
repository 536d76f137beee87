using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Text;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// The MO path (restcomm.md §3.3 "→ bridge", architecture.md rule 1): route by destination number, store each part
/// of a long message, reassemble from the stored parts, store the message and its webhook in one transaction, and
/// only then answer OK. Every answer other than OK makes the SMSC keep the message.
/// </summary>
/// <remarks>
/// Reassembly is done from the store rather than in memory (the SMPP library's <see cref="Reassembler"/> keeps
/// parts in memory only): a part is answered OK once it is committed, so a crash between parts loses nothing, and
/// the parts held survive a restart without any rebuilding. The same rules as the library's apply: any order,
/// duplicate parts ignored, the total is part of the key, a timeout delivers what arrived with a gap marker.
/// </remarks>
public sealed partial class InboundPipeline
{
    /// <summary>Put in place of each missing part of a message delivered after the reassembly timeout.</summary>
    public const string GapMarker = "[…]";

    private readonly IInboundStore _store;
    private readonly IPhoneNumberStore _numbers;
    private readonly InboundWebhookQueue _queue;
    private readonly InboundOptions _options;
    private readonly CommandStatus _temporaryError;
    private readonly CommandStatus _unknownNumber;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InboundPipeline> _logger;
    private readonly BacklogRefusalLog _refusals;

    /// <summary>Creates the pipeline.</summary>
    public InboundPipeline(IInboundStore store, IPhoneNumberStore numbers, InboundWebhookQueue queue, IOptions<InboundOptions> options,
        TimeProvider timeProvider, ILogger<InboundPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _numbers = numbers;
        _queue = queue;
        _options = options.Value;
        _temporaryError = _options.TemporaryError;
        _unknownNumber = _options.UnknownNumber;
        _timeProvider = timeProvider;
        _logger = logger;
        _refusals = new BacklogRefusalLog(timeProvider, logger);
    }

    /// <summary>The status answered when the message cannot be stored now (<c>Bridge:Inbound</c>; a carrier may override it).</summary>
    public CommandStatus TemporaryError => _temporaryError;

    /// <summary>What <paramref name="carrier"/> is answered when its message cannot be stored now: its own setting, else the global one.</summary>
    public CommandStatus TemporaryErrorFor(CarrierProfile carrier)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        return carrier.InboundTemporaryError ?? _temporaryError;
    }

    /// <summary>
    /// Takes one MO deliver_sm or data_sm (not a receipt) and returns the command_status of its response: OK once
    /// the part or message is committed (or recognised as a redelivery), the configured status for an unknown number,
    /// the temporary error when it cannot be stored (both the carrier's own when it sets one, else <c>Bridge:Inbound</c>'s).
    /// <paramref name="source"/> and <paramref name="destination"/> are stored as given. Never throws except for
    /// cancellation of <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<CommandStatus> AcceptAsync(CarrierProfile carrier, string source, string destination, InboundUserData data,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(data);
        CommandStatus temporaryError = carrier.InboundTemporaryError ?? _temporaryError;
        try
        {
            int pending = _queue.Pending;
            if (pending >= _options.MaxPendingWebhooks)
            {
                _refusals.Refused(carrier.Name, pending, _options.MaxPendingWebhooks, (uint)temporaryError);
                return temporaryError;
            }

            _refusals.Taken(pending, _options.MaxPendingWebhooks);

            IncomingPhoneNumber? number = await FindNumberAsync(destination, cancellationToken).ConfigureAwait(false);
            if (number is null)
            {
                CommandStatus unknownNumber = carrier.InboundUnknownNumber ?? _unknownNumber;
                Log.UnknownNumber(_logger, carrier.Name, new MaskedNumber(destination), (uint)unknownNumber);
                return unknownNumber;
            }

            if (data.HasMalformedUdh)
            {
                Log.MalformedUdh(_logger, carrier.Name);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (data.Part is { Total: > 1 } part && part.Sequence >= 1 && part.Sequence <= part.Total)
            {
                return await AcceptPartAsync(carrier, source, destination, data, part, number, now, cancellationToken).ConfigureAwait(false);
            }

            // A single message, or a "part" whose numbering is broken: its text is delivered as it is rather than lost.
            string body = data.DecodeText(carrier.Text);
            InboundMessageWrite write = new()
            {
                Message = NewMessage(carrier.Name, source, destination, number, body, 1, data.DataCoding, now),
                Fingerprint = Fingerprint(data.DataCoding, data.Payload.Span),
                DuplicateWindow = _options.DuplicateWindow,
                Webhook = WebhookTarget(number),
            };
            return await StoreAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StoreFailed(_logger, carrier.Name, (uint)temporaryError, ex);
            return temporaryError;
        }
    }

    /// <summary>
    /// Delivers the long messages whose reassembly timed out, with <see cref="GapMarker"/> for each missing part;
    /// returns how many. <paramref name="textFor"/> gives the text options of a carrier by name (null when the
    /// carrier is no longer configured: the SMPP defaults are used).
    /// </summary>
    public async Task<int> FlushExpiredAsync(Func<string, TextOptions?> textFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textFor);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        IReadOnlyList<IReadOnlyList<InboundPart>> expired = await _store.ListExpiredPartsAsync(now - _options.ReassemblyTimeout, 100,
            cancellationToken).ConfigureAwait(false);
        int delivered = 0;
        foreach (IReadOnlyList<InboundPart> parts in expired)
        {
            InboundPart first = parts[0];
            IncomingPhoneNumber? number = await FindNumberAsync(first.Destination, cancellationToken).ConfigureAwait(false);
            if (number is null)
            {
                Log.PartialDiscarded(_logger, first.Carrier, new MaskedNumber(first.Destination), parts.Count, first.Total);
                await _store.DiscardPartsAsync(first.Key, cancellationToken).ConfigureAwait(false);
                continue;
            }

            TextOptions text = textFor(first.Carrier) ?? new TextOptions();
            string body = Join(parts, first.Total, text);
            InboundMessageWrite write = new()
            {
                Message = NewMessage(first.Carrier, first.Source, first.Destination, number, body, first.Total, first.DataCoding, now),
                Parts = first.Key,
                DuplicateWindow = _options.DuplicateWindow,
                Webhook = WebhookTarget(number),
            };
            if (await StoreAsync(write, cancellationToken).ConfigureAwait(false) == CommandStatus.Ok)
            {
                Log.PartialDelivered(_logger, first.Carrier, write.Message.Sid, parts.Count, first.Total);
                delivered++;
            }
        }

        await _store.PurgeDuplicateKeysAsync(now - _options.DuplicateWindow, cancellationToken).ConfigureAwait(false);
        return delivered;
    }

    /// <summary>
    /// Joins stored parts into text: runs of consecutive parts with the same coding are decoded together (a UCS-2
    /// surrogate pair or a GSM escape may straddle two parts, GSM 03.40 §9.2.3.24.1), and each missing part becomes
    /// <see cref="GapMarker"/>.
    /// </summary>
    internal static string Join(IReadOnlyList<InboundPart> parts, byte total, TextOptions text)
    {
        StringBuilder builder = new();
        int expected = 1;
        int i = 0;
        while (i < parts.Count)
        {
            for (; expected < parts[i].Sequence; expected++)
            {
                builder.Append(GapMarker);
            }

            int end = i;
            int length = parts[i].Payload.Length;
            while (end + 1 < parts.Count && parts[end + 1].Sequence == parts[end].Sequence + 1
                && parts[end + 1].DataCoding == parts[i].DataCoding && parts[end + 1].UnpackedGsm == parts[i].UnpackedGsm)
            {
                end++;
                length += parts[end].Payload.Length;
            }

            byte[] run = new byte[length];
            int offset = 0;
            for (int k = i; k <= end; k++)
            {
                parts[k].Payload.Span.CopyTo(run.AsSpan(offset));
                offset += parts[k].Payload.Length;
            }

            builder.Append(InboundUserData.Decode(parts[i].DataCoding, run, parts[i].UnpackedGsm, text));
            expected = parts[end].Sequence + 1;
            i = end + 1;
        }

        for (; expected <= total; expected++)
        {
            builder.Append(GapMarker);
        }

        return builder.ToString();
    }

    /// <summary>The SmsMessage.Encoding of a data_coding: <c>UCS2</c> for UCS-2, <c>GSM7</c> for everything else.</summary>
    internal static string EncodingName(byte dataCoding) =>
        new DataCoding(dataCoding).Alphabet == Alphabet.Ucs2 ? "UCS2" : "GSM7";

    /// <summary>
    /// Looks the destination up as received, then with its leading '+' toggled (restcomm.md §3.3 step 6: the SMSC may
    /// or may not send the '+' of an international number).
    /// </summary>
    internal async Task<IncomingPhoneNumber?> FindNumberAsync(string destination, CancellationToken cancellationToken)
    {
        if (destination.Length == 0)
        {
            return null;
        }

        IncomingPhoneNumber? number = await _numbers.FindByNumberAsync(destination, cancellationToken).ConfigureAwait(false);
        if (number is not null)
        {
            return number;
        }

        string toggled = destination[0] == '+' ? destination[1..] : "+" + destination;
        return toggled.Length == 0 ? null : await _numbers.FindByNumberAsync(toggled, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CommandStatus> AcceptPartAsync(CarrierProfile carrier, string source, string destination, InboundUserData data,
        PartInfo part, IncomingPhoneNumber number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        InboundPart stored = new(carrier.Name, source, destination, part.Reference, part.Total, part.Sequence, data.DataCoding,
            data.IsUnpackedGsm, data.Payload, now);
        InboundPartResult result = await _store.AddPartAsync(stored, _options.DuplicateWindow, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case InboundPartStatus.Incomplete:
            case InboundPartStatus.DuplicatePart:
                return CommandStatus.Ok;
            case InboundPartStatus.AlreadyDelivered:
                Log.Duplicate(_logger, carrier.Name, new MaskedNumber(destination));
                return CommandStatus.Ok;
        }

        string body = Join(result.Parts, part.Total, carrier.Text);
        InboundMessageWrite write = new()
        {
            Message = NewMessage(carrier.Name, source, destination, number, body, part.Total, result.Parts[0].DataCoding, now),
            Parts = stored.Key,
            DuplicateWindow = _options.DuplicateWindow,
            Webhook = WebhookTarget(number),
        };
        return await StoreAsync(write, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CommandStatus> StoreAsync(InboundMessageWrite write, CancellationToken cancellationToken)
    {
        InboundStoreOutcome outcome = await _store.StoreMessageAsync(write, cancellationToken).ConfigureAwait(false);
        SmsMessage message = write.Message;
        if (outcome == InboundStoreOutcome.Duplicate)
        {
            Log.Duplicate(_logger, message.Carrier ?? string.Empty, new MaskedNumber(message.To));
            return CommandStatus.Ok;
        }

        Log.Stored(_logger, message.Sid, message.Carrier ?? string.Empty, message.NumSegments, write.Webhook is not null);
        if (write.Webhook is not null)
        {
            _queue.Added();
        }

        return CommandStatus.Ok;
    }

    private InboundWebhookTarget? WebhookTarget(IncomingPhoneNumber number)
    {
        // restcomm.md §2.1: no SMS URL, no request (the message is still stored, and listed by the API).
        if (number.SmsUrl is null || !Uri.TryCreate(number.SmsUrl, UriKind.Absolute, out Uri? url) || !Webhooks.WebhookRequest.IsHttpUrl(url))
        {
            Log.NoSmsUrl(_logger, number.Sid);
            return null;
        }

        string? fallback = number.SmsFallbackUrl is { } f && Uri.TryCreate(f, UriKind.Absolute, out Uri? fallbackUrl)
            && Webhooks.WebhookRequest.IsHttpUrl(fallbackUrl) ? f : null;
        return new InboundWebhookTarget(number.SmsUrl, number.SmsMethod, fallback, number.SmsFallbackMethod);
    }

    private SmsMessage NewMessage(string carrier, string source, string destination, IncomingPhoneNumber number, string body,
        int segments, byte dataCoding, DateTimeOffset now) => new()
    {
        Sid = Sids.NewMessageSid(_timeProvider),
        AccountSid = number.AccountSid,
        From = source,
        To = destination,
        Body = body,
        Status = MessageStatus.Received,
        Direction = MessageDirection.Inbound,
        DateCreated = now,
        DateUpdated = now,
        Carrier = carrier,
        NumSegments = segments,
        Encoding = EncodingName(dataCoding),
    };

    // SHA-256 of data_coding and the user data (UDH removed): equal for a redelivery, and no body text in the table.
    private static string Fingerprint(byte dataCoding, ReadOnlySpan<byte> payload)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([dataCoding]);
        hash.AppendData(payload);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
