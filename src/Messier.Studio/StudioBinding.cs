using System.Net;

namespace Messier.Studio;

/// <summary>
/// The listening rule: loopback by default; any other address only with a token, because the
/// actions change a host's storage and anyone who can reach the port could otherwise use them.
/// </summary>
public static class StudioBinding
{
    /// <summary>Why the Studio must not start with these addresses, or null when it may.</summary>
    public static string? Refusal(IReadOnlyList<string> urls, string? token)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"'{url}' is not an http:// or https:// address (e.g. {StudioOptions.DefaultUrl}).";
            }

            if (!IsLoopback(uri) && string.IsNullOrEmpty(token))
            {
                return $"refusing to listen on {url} without a token: anyone who can reach it could resume, retry, approve and cancel instances. Give --token-file FILE or set MESSIER_STUDIO_TOKEN, or listen on 127.0.0.1.";
            }
        }

        return null;
    }

    /// <summary>True when every address is loopback, so requests naming another host are not ours (DNS rebinding).</summary>
    public static bool AllLoopback(IReadOnlyList<string> urls) =>
        urls.All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && IsLoopback(uri));

    private static bool IsLoopback(Uri uri)
    {
        // Kestrel reads "*", "+" and "0.0.0.0" as every interface; Uri parses the first two as hosts.
        var host = uri.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
