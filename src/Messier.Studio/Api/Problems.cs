using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Api;

/// <summary>Errors as ProblemDetails with a plain message an operator can act on; never an exception's stack or type.</summary>
internal static class Problems
{
    public static IResult Of(int status, string message, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: message, statusCode: status, title: Title(status), extensions: extensions);

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Token required",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        _ => "Error",
    };
}
