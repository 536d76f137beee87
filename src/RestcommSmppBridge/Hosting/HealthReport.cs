using System.Text.Json;
using System.Text.Json.Serialization;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Smpp.Client;

namespace RestcommSmppBridge.Hosting;

/// <summary>The body of <c>GET /health/ready</c> (and <c>/health/live</c>, without carriers).</summary>
/// <param name="Status"><c>ready</c>, <c>not_ready</c> or <c>live</c>.</param>
/// <param name="Store"><c>starting</c> (migrations not done), <c>open</c> or <c>closing</c>.</param>
/// <param name="Carriers">Every configured carrier; empty when none is configured or the carriers are not wired.</param>
/// <param name="Problems">Why the bridge is not ready; empty when ready.</param>
internal sealed record HealthReport(string Status, string? Store, IReadOnlyList<CarrierHealth>? Carriers, IReadOnlyList<string>? Problems);

/// <summary>One carrier in <see cref="HealthReport"/>; <c>Paused</c> is an operator's pause (admin endpoints).</summary>
internal sealed record CarrierHealth(string Name, bool Enabled, CarrierStatus Status, int ConfiguredBinds, int BoundBinds,
    IReadOnlyList<BindHealth> Binds, string? ConfigurationError, bool Paused, DateTimeOffset? PausedAt = null);

/// <summary>One bind in <see cref="CarrierHealth"/>.</summary>
internal sealed record BindHealth(int Index, SmppBindState State, DateTimeOffset Since, string? LastError, int WindowDepth,
    int Queued, DateTimeOffset? PausedUntil);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext
{
}
