using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Assets;

/// <summary>
/// The bundled browser code, embedded in this assembly by the build (see the project file). Each
/// asset is addressed with its content hash, so browsers may cache it for good and a new build is
/// never served stale.
/// </summary>
internal sealed class StudioAssets
{
    private readonly Dictionary<string, (byte[] Content, byte[] Gzipped, string ContentType, string Version)> assets = new(StringComparer.Ordinal);

    public StudioAssets()
    {
        foreach (var (name, contentType) in new[] { ("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8"), ("elk-worker.js", "text/javascript; charset=utf-8") })
        {
            using var stream = typeof(StudioAssets).Assembly.GetManifestResourceStream("studio/" + name)
                ?? throw new InvalidOperationException($"The Studio's {name} is not embedded; the front-end build did not run.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            assets[name] = (content, Gzip(content), contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
        }
    }

    public string UrlOf(string name) => $"/assets/{name}?v={assets[name].Version}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var etag = $"\"{asset.Version}\"";
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        // elkjs's worker is 1.5 MB; compressed once at start, it is under a third of that on the wire.
        context.Response.Headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(asset.Gzipped, asset.ContentType);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }
}
