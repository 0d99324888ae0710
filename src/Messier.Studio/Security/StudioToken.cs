using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Security;

/// <summary>
/// The Studio's token, when it has one, and the two ways a request proves it knows it: a bearer
/// header (API clients, and every action), or the read cookie the login page sets (a browser's
/// page loads, polls and event streams, which cannot add a header).
/// </summary>
internal sealed class StudioToken
{
    public const string CookieName = "messier-studio";

    private const string BearerScheme = "Bearer ";

    private readonly byte[]? token;
    private readonly byte[]? cookie;

    public StudioToken(StudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Token))
        {
            return;
        }

        token = Encoding.UTF8.GetBytes(options.Token);

        // The cookie holds a value derived from the token, never the token itself: a cookie that
        // leaks (a shared browser profile, a proxy log) grants reads but cannot be replayed as the
        // bearer token that actions need.
        cookie = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(token, "messier-studio read cookie"u8)));
    }

    public bool Required => token is not null;

    public string CookieValue => Encoding.ASCII.GetString(cookie ?? throw new InvalidOperationException("The Studio has no token."));

    public bool Matches(string candidate) => token is not null && FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), token);

    public bool MatchesBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return token is not null
            && header.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)
            && FixedTimeEquals(Encoding.UTF8.GetBytes(header[BearerScheme.Length..].Trim()), token);
    }

    public bool MatchesCookie(HttpRequest request) =>
        cookie is not null
        && request.Cookies.TryGetValue(CookieName, out var value)
        && value is not null
        && FixedTimeEquals(Encoding.ASCII.GetBytes(value), cookie);

    // Fixed-time, so the time to refuse says nothing about how much of a guess was right.
    private static bool FixedTimeEquals(byte[] candidate, byte[] expected) => CryptographicOperations.FixedTimeEquals(candidate, expected);
}
