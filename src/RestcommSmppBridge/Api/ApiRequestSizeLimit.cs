using Microsoft.AspNetCore.Http.Metadata;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Endpoint metadata that the routing middleware applies to Kestrel's per-request body limit, so the API's limit
/// (<see cref="ApiOptions.MaxRequestBodySize"/>) holds for its routes only.
/// </summary>
internal sealed class ApiRequestSizeLimit : IRequestSizeLimitMetadata
{
    public ApiRequestSizeLimit(long maxRequestBodySize) => MaxRequestBodySize = maxRequestBodySize;

    public long? MaxRequestBodySize { get; }
}
