using Messier.Studio.Api;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Security;

/// <summary>
/// With a token set, nothing but the login page and the static assets is served to a request that
/// does not prove it knows the token: instances show host paths, pool names, commands and their
/// output, which are not for anyone who can reach the port. A page load without it is sent to the
/// login page; an API request gets a 401.
/// </summary>
internal static class ReadGuard
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var token = context.RequestServices.GetService(typeof(StudioToken)) as StudioToken
            ?? throw new InvalidOperationException("StudioToken is not registered.");
        var request = context.Request;
        if (!token.Required
            || request.Path == LoginEndpoints.Path
            || request.Path == LoginEndpoints.LogoutPath
            || request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
            || token.MatchesBearer(request)
            || token.MatchesCookie(request))
        {
            await next();
            return;
        }

        if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Redirect(LoginEndpoints.Url(request.Path + request.QueryString));
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Of(StatusCodes.Status401Unauthorized, "This Studio requires its token: send 'Authorization: Bearer TOKEN', or log in at /login.").ExecuteAsync(context);
    }
}
