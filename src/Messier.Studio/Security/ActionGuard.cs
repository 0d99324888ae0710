using System.Security.Cryptography;
using System.Text;
using Messier.Studio.Api;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Security;

/// <summary>
/// Stands in front of every action: read-only refuses them all; a page of another origin may not
/// make the operator's browser post one (the Studio has no cookies, but it may listen on loopback
/// without a token, where a hostile page could otherwise reach it); when a token is set, the
/// request must carry it as a bearer token.
/// </summary>
internal sealed class ActionGuard(StudioOptions options) : IEndpointFilter
{
    private readonly byte[]? token = string.IsNullOrEmpty(options.Token) ? null : Encoding.UTF8.GetBytes(options.Token);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (options.ReadOnly)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "The Studio runs read-only (--read-only): actions are refused.");
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "Actions from pages of another origin are refused.");
        }

        if (token is not null && !Authorized(request))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Of(StatusCodes.Status401Unauthorized, "This Studio requires its token for actions: send 'Authorization: Bearer TOKEN'.");
        }

        return await next(context);
    }

    private bool Authorized(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Fixed-time comparison, so the time to refuse says nothing about how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), token);
    }
}
