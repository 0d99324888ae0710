using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Security;

/// <summary>Whether a request came from a page of another origin (browsers send Origin on every POST).</summary>
internal static class OriginGuard
{
    public static bool IsForeign(HttpRequest request) =>
        request.Headers.Origin is { Count: > 0 } origin
        && !string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
