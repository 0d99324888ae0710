using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Messier.Studio.Assets;

namespace Messier.Studio.Pages;

/// <summary>
/// The HTML of every page: the navigation, and the page's data as JSON in the document itself, so
/// the first paint needs no second request; the bundled script renders it and keeps it live.
/// </summary>
internal sealed class PageShell(StudioAssets assets)
{
    public string Render(string page, string title, JsonObject data)
    {
        var html = new StringBuilder(4096);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · Messier Studio</title>");
        html.Append("<link rel=\"stylesheet\" href=\"").Append(assets.UrlOf("app.css")).Append("\"></head>");
        html.Append("<body data-page=\"").Append(WebUtility.HtmlEncode(page)).Append("\" data-elk-worker=\"").Append(assets.UrlOf("elk-worker.js")).Append("\">");
        html.Append("<header class=\"top\"><a class=\"brand\" href=\"/instances\">Messier Studio</a><nav>");
        html.Append("<a href=\"/instances\"").Append(page.StartsWith("instance", StringComparison.Ordinal) ? " aria-current=\"page\"" : string.Empty).Append(">Instances</a>");
        html.Append("<a href=\"/definitions\"").Append(page == "definitions" ? " aria-current=\"page\"" : string.Empty).Append(">Definitions</a>");
        html.Append("</nav>");
        if (data["studio"]?["tokenRequired"]?.GetValue<bool>() == true && page != "login")
        {
            html.Append("<form class=\"logout\" method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>");
        }

        if (data["studio"]?["readOnly"]?.GetValue<bool>() == true)
        {
            html.Append("<span class=\"badge read-only\" title=\"Started with --read-only: actions are hidden and refused.\">read-only</span>");
        }

        html.Append("</header><main id=\"app\"><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append("<noscript>This page is drawn by JavaScript; the same data is at <a href=\"/api\">/api</a>.</noscript></main>");

        // JsonNode's default encoder escapes <, > and &, so no text in the data can close this element.
        html.Append("<script type=\"application/json\" id=\"studio-data\">").Append(data.ToJsonString()).Append("</script>");
        html.Append("<script src=\"").Append(assets.UrlOf("app.js")).Append("\"></script></body></html>");
        return html.ToString();
    }
}
