using Messier.Studio.Api;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Security;

/// <summary>
/// Stands in front of every action: read-only refuses them all; a page of another origin may not
/// make the operator's browser post one (the Studio may listen on loopback without a token, where
/// a hostile page could otherwise reach it); when a token is set, the request must carry it as a
/// bearer token. The read cookie never authorizes an action, so a browser cannot be tricked into
/// one by a request it sends with its cookies.
/// </summary>
internal sealed class ActionGuard(StudioOptions options, StudioToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (options.ReadOnly)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "The Studio runs read-only (--read-only): actions are refused.");
        }

        if (OriginGuard.IsForeign(request))
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "Actions from pages of another origin are refused.");
        }

        if (token.Required && !token.MatchesBearer(request))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Of(StatusCodes.Status401Unauthorized, "This Studio requires its token for actions: send 'Authorization: Bearer TOKEN'.");
        }

        return await next(context);
    }
}
