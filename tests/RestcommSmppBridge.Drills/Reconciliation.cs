using System.Collections.Concurrent;

namespace RestcommSmppBridge.Drills;

/// <summary>Where the MT messages of a drill ended, joined from the sender, the simulator, the database and the app.</summary>
internal sealed class MtReconciliation
{
    public long Acknowledged { get; private set; }

    public long NotAcknowledged { get; private set; }

    public long NotAcknowledgedButSent { get; private set; }

    public long Reached { get; private set; }

    public long ExtraCopies { get; private set; }

    public int MaxCopies { get; private set; }

    public long Failed { get; private set; }

    public long Lost { get; private set; }

    public long NotStored { get; private set; }

    public long Unfinished { get; private set; }

    public long ReachedButFailed { get; private set; }

    /// <summary>Acknowledged messages whose stored final status is delivered.</summary>
    public long FinalDelivered { get; private set; }

    /// <summary>Acknowledged messages whose stored final status is failed or undelivered (reached the carrier or not).</summary>
    public long FinalFailed { get; private set; }

    public Dictionary<string, long> Statuses { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> FailReasons { get; } = new(StringComparer.Ordinal);

    public long FinalCallbacksReceived { get; private set; }

    public long FinalCallbacksMissing { get; private set; }

    public long CallbackDuplicates { get; private set; }

    public long ForeignRows { get; private set; }

    public static bool IsFinal(string status) => status is "delivered" or "undelivered" or "failed";

    /// <summary>
    /// Acknowledged messages: reached the carrier (≥ 1 copy), else failed with a reason, else lost. Every
    /// acknowledged message must be stored and end in a final status. With <paramref name="callbacks"/>, each final
    /// status must have been called back.
    /// </summary>
    public static MtReconciliation Run(ApiSender sender, DrillBodies bodies, int attempted, int[] copies, DrillDatabase database,
        ConcurrentDictionary<string, ConcurrentQueue<string>>? callbacks)
    {
        MtReconciliation r = new();
        StoredMessage?[] stored = new StoredMessage?[bodies.Count];
        database.ForEachOutbound(bodies, callbacks is not null, (index, message) => stored[index] = message, () => r.ForeignRows++);
        for (int i = 0; i < attempted; i++)
        {
            if (sender.Outcome(i) != SendOutcome.Acknowledged)
            {
                r.NotAcknowledged++;
                if (copies[i] > 0)
                {
                    r.NotAcknowledgedButSent++;
                }

                continue;
            }

            r.Acknowledged++;
            StoredMessage? message = stored[i];
            string status = message?.Status ?? "not stored";
            r.Statuses[status] = r.Statuses.GetValueOrDefault(status) + 1;
            if (message is { Status: "failed" or "undelivered" })
            {
                r.FinalFailed++;
                string reason = $"{message.ErrorCode}: {Shorten(message.ErrorMessage)}";
                r.FailReasons[reason] = r.FailReasons.GetValueOrDefault(reason) + 1;
            }
            else if (message is { Status: "delivered" })
            {
                r.FinalDelivered++;
            }

            if (copies[i] > 0)
            {
                r.Reached++;
                r.ExtraCopies += copies[i] - 1;
                r.MaxCopies = Math.Max(r.MaxCopies, copies[i]);
                if (message is { Status: "failed" or "undelivered" })
                {
                    r.ReachedButFailed++;
                }
            }
            else if (message is { Status: "failed" or "undelivered" })
            {
                r.Failed++;
            }
            else
            {
                r.Lost++;
            }

            if (message is null)
            {
                r.NotStored++;
            }
            else if (!IsFinal(message.Status))
            {
                r.Unfinished++;
            }
            else if (callbacks is not null)
            {
                if (callbacks.TryGetValue(message.Sid, out ConcurrentQueue<string>? statuses) && statuses.Contains(message.Status))
                {
                    r.FinalCallbacksReceived++;
                    r.CallbackDuplicates += statuses.Count - statuses.Distinct(StringComparer.Ordinal).Count();
                }
                else
                {
                    r.FinalCallbacksMissing++;
                }
            }
        }

        return r;
    }

    public string StatusSummary() => string.Join(", ", Statuses.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));

    /// <summary>The stored reasons of every failed or undelivered message (reached the carrier or not), most frequent first.</summary>
    public string FailSummary() => FailReasons.Count == 0
        ? "none"
        : string.Join("; ", FailReasons.OrderByDescending(p => p.Value).Take(5).Select(p => $"{p.Value} × {p.Key}"));

    private static string Shorten(string? text) => text is null ? "(no message)" : text.Length <= 90 ? text : text[..90] + "…";
}

/// <summary>Where the MO messages of a drill ended: the app, a failed webhook, or nowhere.</summary>
internal sealed class MoReconciliation
{
    public long Acknowledged { get; private set; }

    public long NeverAcknowledged { get; private set; }

    public long Reached { get; private set; }

    public long ExtraWebhooks { get; private set; }

    public long StoredTwice { get; private set; }

    public long Failed { get; private set; }

    public long Lost { get; private set; }

    public long Pending { get; private set; }

    public Dictionary<string, long> FailReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// MOs answered 0: reached the app (a webhook it answered with a usable document), else their webhook row failed
    /// with a reason, else lost.
    /// </summary>
    public static MoReconciliation Run(MoInjector injector, int attempted, RcmlApp app, DrillDatabase database)
    {
        MoReconciliation r = new();
        Dictionary<string, List<StoredInbound>> stored = database.Inbound();
        for (int i = 0; i < attempted; i++)
        {
            string body = injector.Bodies.Body(i);
            if (!injector.Acknowledged(i))
            {
                r.NeverAcknowledged++;
                continue;
            }

            r.Acknowledged++;
            List<StoredInbound> rows = stored.GetValueOrDefault(body) ?? [];
            if (rows.Count > 1)
            {
                r.StoredTwice++;
            }

            if (rows.Exists(row => row.WebhookState == "pending"))
            {
                r.Pending++;
            }

            int answered = app.Answered.GetValueOrDefault(body);
            if (answered > 0)
            {
                r.Reached++;
                r.ExtraWebhooks += answered - 1;
            }
            else if (rows.Find(row => row.WebhookState == "failed") is { } failed)
            {
                r.Failed++;
                string reason = Reason(failed.Outcome);
                r.FailReasons[reason] = r.FailReasons.GetValueOrDefault(reason) + 1;
            }
            else
            {
                r.Lost++;
            }
        }

        return r;
    }

    public string FailSummary() => FailReasons.Count == 0
        ? "none"
        : string.Join("; ", FailReasons.OrderByDescending(p => p.Value).Take(5).Select(p => $"{p.Value} × {p.Key}"));

    // The stored outcome reads "failed; replies=0; fetches=1; notice 12100: …": the first notice is the reason.
    private static string Reason(string? outcome)
    {
        if (outcome is null)
        {
            return "(no outcome)";
        }

        int notice = outcome.IndexOf("notice", StringComparison.Ordinal);
        string reason = notice >= 0 ? outcome[notice..] : outcome;
        int end = reason.IndexOf(';', StringComparison.Ordinal);
        reason = end > 0 ? reason[..end] : reason;
        return reason.Length <= 90 ? reason : reason[..90] + "…";
    }
}
