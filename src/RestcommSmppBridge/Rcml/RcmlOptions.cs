using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Rcml;

/// <summary>Limits of RCML handling (<c>Bridge:Rcml</c>).</summary>
public sealed class RcmlOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Rcml";

    /// <summary>
    /// Longest RCML document accepted, in characters (after the bare-<c>&amp;</c> rewrite). Default 65,536 (64 Ki): an
    /// SMS reply document is a few hundred characters; Restcomm has no cap at all (style.md P12).
    /// </summary>
    public int MaxDocumentCharacters { get; init; } = 64 * 1024;

    /// <summary>
    /// Most documents fetched for one inbound message: the initial one, its fallback, every Redirect and every
    /// <c>action</c>. Default 10. Restcomm has no limit, so a Redirect to itself loops forever.
    /// </summary>
    public int MaxFetchesPerMessage { get; init; } = 10;
}

/// <summary>Checks <see cref="RcmlOptions"/> at start, one message per mistake.</summary>
internal sealed class RcmlOptionsValidator : IValidateOptions<RcmlOptions>
{
    /// <summary>Smallest accepted document cap: room for a Response with a long reply and its attributes.</summary>
    public const int MinDocumentCharacters = 1024;

    /// <summary>Largest accepted document cap (1 Mi characters): beyond it a document is an attack, not a reply.</summary>
    public const int MaxDocumentCharacters = 1024 * 1024;

    /// <summary>Largest accepted fetch limit.</summary>
    public const int MaxFetches = 100;

    public ValidateOptionsResult Validate(string? name, RcmlOptions options)
    {
        List<string> failures = [];
        if (options.MaxDocumentCharacters < MinDocumentCharacters || options.MaxDocumentCharacters > MaxDocumentCharacters)
        {
            failures.Add($"{RcmlOptions.SectionName}:MaxDocumentCharacters must be between {MinDocumentCharacters} and {MaxDocumentCharacters} (it is {options.MaxDocumentCharacters}).");
        }

        if (options.MaxFetchesPerMessage < 1 || options.MaxFetchesPerMessage > MaxFetches)
        {
            failures.Add($"{RcmlOptions.SectionName}:MaxFetchesPerMessage must be between 1 and {MaxFetches} (it is {options.MaxFetchesPerMessage}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
