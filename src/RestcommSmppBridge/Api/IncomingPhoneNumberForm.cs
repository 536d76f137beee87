using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Api;

/// <summary>
/// The form of <c>POST …/IncomingPhoneNumbers</c> (create) and <c>POST …/IncomingPhoneNumbers/{Sid}</c> (update):
/// PhoneNumber, FriendlyName, SmsUrl, SmsMethod, SmsFallbackUrl, SmsFallbackMethod and our SmsStatusCallback.
/// An update changes only the parameters present; an empty URL clears it and an empty method resets it to POST.
/// </summary>
internal static class IncomingPhoneNumberForm
{
    /// <summary>
    /// The parameters a create or update may carry. Restcomm's voice parameters (VoiceUrl, …) are refused as unknown:
    /// the bridge routes SMS only, and silently dropping them would hide that. <c>ApiVersion</c> is accepted and
    /// ignored, as on a send (the bridge stores only 2012-04-24).
    /// </summary>
    public static readonly string[] Parameters =
        ["PhoneNumber", "FriendlyName", "SmsUrl", "SmsMethod", "SmsFallbackUrl", "SmsFallbackMethod", "SmsStatusCallback", "ApiVersion"];

    /// <summary>Builds a new number from a create form.</summary>
    public static bool TryCreate(IFormCollection form, string accountSid, DateTimeOffset now,
        [NotNullWhen(true)] out IncomingPhoneNumber? number, [NotNullWhen(false)] out ApiError? error)
    {
        number = null;
        if (ApiRequests.TryFindUnknown(form, Parameters, allowXHeaders: false, out error))
        {
            return false;
        }

        string? phoneNumber = First(form, "PhoneNumber");
        if (string.IsNullOrEmpty(phoneNumber))
        {
            error = ApiError.BadRequest("PhoneNumber can not be null.");
            return false;
        }

        if (!SendSmsRequest.IsPhoneNumber(phoneNumber))
        {
            error = ApiError.BadRequest("PhoneNumber must be digits with an optional leading +, at most 20.");
            return false;
        }

        IncomingPhoneNumber initial = new()
        {
            Sid = Sids.NewPhoneNumberSid(),
            AccountSid = accountSid,
            PhoneNumber = phoneNumber,

            // Twilio's default friendly name is the number itself.
            FriendlyName = phoneNumber,
            DateCreated = now,
            DateUpdated = now,
        };
        return TryApply(form, initial, now, out number, out error);
    }

    /// <summary>Applies an update form to <paramref name="current"/>.</summary>
    public static bool TryUpdate(IFormCollection form, IncomingPhoneNumber current, DateTimeOffset now,
        [NotNullWhen(true)] out IncomingPhoneNumber? number, [NotNullWhen(false)] out ApiError? error)
    {
        number = null;
        if (ApiRequests.TryFindUnknown(form, Parameters, allowXHeaders: false, out error))
        {
            return false;
        }

        string? phoneNumber = First(form, "PhoneNumber");
        if (!string.IsNullOrEmpty(phoneNumber) && !string.Equals(phoneNumber, current.PhoneNumber, StringComparison.Ordinal))
        {
            // Restcomm and Twilio do not move a number: release it and provision the new one instead.
            error = ApiError.BadRequest("PhoneNumber can not be changed; delete this number and create the new one.");
            return false;
        }

        return TryApply(form, current, now, out number, out error);
    }

    private static bool TryApply(IFormCollection form, IncomingPhoneNumber current, DateTimeOffset now,
        [NotNullWhen(true)] out IncomingPhoneNumber? number, [NotNullWhen(false)] out ApiError? error)
    {
        number = null;
        if (!TryUrl(form, "SmsUrl", current.SmsUrl, out string? smsUrl, out error)
            || !TryMethod(form, "SmsMethod", current.SmsMethod, out string smsMethod, out error)
            || !TryUrl(form, "SmsFallbackUrl", current.SmsFallbackUrl, out string? fallbackUrl, out error)
            || !TryMethod(form, "SmsFallbackMethod", current.SmsFallbackMethod, out string fallbackMethod, out error)
            || !TryUrl(form, "SmsStatusCallback", current.SmsStatusCallback, out string? statusCallback, out error))
        {
            return false;
        }

        string? friendlyName = First(form, "FriendlyName");
        if (friendlyName is { Length: > 64 })
        {
            error = ApiError.BadRequest("FriendlyName must be at most 64 characters.");
            return false;
        }

        number = current with
        {
            FriendlyName = friendlyName ?? current.FriendlyName,
            SmsUrl = smsUrl,
            SmsMethod = smsMethod,
            SmsFallbackUrl = fallbackUrl,
            SmsFallbackMethod = fallbackMethod,
            SmsStatusCallback = statusCallback,
            DateUpdated = now,
        };
        error = null;
        return true;
    }

    private static bool TryUrl(IFormCollection form, string name, string? current, out string? value, [NotNullWhen(false)] out ApiError? error)
    {
        error = null;
        value = current;
        if (!form.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return true;
        }

        string? text = values[0];
        if (string.IsNullOrEmpty(text))
        {
            value = null;
            return true;
        }

        if (!SendSmsRequest.IsAbsoluteHttpUrl(text))
        {
            error = ApiError.BadRequest($"{name} must be an absolute http or https URL.");
            return false;
        }

        value = text;
        return true;
    }

    private static bool TryMethod(IFormCollection form, string name, string current, out string value, [NotNullWhen(false)] out ApiError? error)
    {
        error = null;
        value = current;
        if (!form.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return true;
        }

        string? text = values[0];
        if (string.IsNullOrEmpty(text))
        {
            value = "POST";
            return true;
        }

        string? normalized = SendSmsRequest.NormalizeMethod(text);
        if (normalized is null)
        {
            error = ApiError.BadRequest($"{name} must be GET or POST.");
            return false;
        }

        value = normalized;
        return true;
    }

    private static string? First(IFormCollection form, string name) =>
        form.TryGetValue(name, out StringValues values) && values.Count > 0 ? values[0] : null;
}
