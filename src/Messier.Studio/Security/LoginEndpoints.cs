using System.Text.Json.Nodes;
using Messier.Studio.Pages;
using Messier.Studio.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Messier.Studio.Security;

/// <summary>
/// The login page of a Studio with a token: the operator types the token once, and the browser
/// gets the read cookie (HttpOnly, SameSite=Strict, gone when the browser closes). The page's
/// script also keeps the token in the tab's session storage, where the action buttons find it.
/// Logging out drops both.
/// </summary>
internal static class LoginEndpoints
{
    public const string Path = "/login";

    public const string LogoutPath = "/logout";

    public static string Url(string next) => $"{Path}?next={Uri.EscapeDataString(next)}";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpRequest request, InstanceDocuments documents, PageShell shell, StudioToken token) =>
            token.Required
                ? Page(shell, documents, LocalPath(request.Query["next"]), error: null, StatusCodes.Status200OK)
                : Results.Redirect("/instances"));

        app.MapPost(Path, async (HttpContext context, InstanceDocuments documents, PageShell shell, StudioToken token) =>
        {
            if (!token.Required)
            {
                return Results.Redirect("/instances");
            }

            // No origin check: a form post under the no-referrer policy says "Origin: null", and a
            // login forged from another site would need the token, which is all a login grants.
            if (!context.Request.HasFormContentType)
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var next = LocalPath(form["next"]);
            if (!token.Matches(form["token"].ToString()))
            {
                return Page(shell, documents, next, "That is not this Studio's token.", StatusCodes.Status401Unauthorized);
            }

            context.Response.Cookies.Append(StudioToken.CookieName, token.CookieValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect(next, permanent: false, preserveMethod: false);
        });

        // Drops the read cookie (the page's script drops the tab's copy of the token).
        app.MapPost(LogoutPath, (HttpContext context) =>
        {
            context.Response.Cookies.Delete(StudioToken.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
            return Results.Redirect(Path, permanent: false, preserveMethod: false);
        });
    }

    private static IResult Page(PageShell shell, InstanceDocuments documents, string next, string? error, int status) =>
        Results.Content(
            shell.Render("login", "Log in", new JsonObject { ["studio"] = documents.Studio(), ["next"] = next, ["error"] = error }),
            "text/html; charset=utf-8",
            statusCode: status);

    /// <summary>Where to go after logging in: a path on this Studio only, never another site ("//host", "https://…").</summary>
    private static string LocalPath(string? next) =>
        next is { Length: > 0 } && next[0] == '/' && !next.StartsWith("//", StringComparison.Ordinal) && !next.StartsWith("/\\", StringComparison.Ordinal)
            ? next
            : "/instances";
}
