using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace HsGuard.Collector.Web.Ui;

/// <summary>
/// The UI's style sheet (and any other file of Web/wwwroot), built into the assembly: the
/// collector is one program with nothing to install beside it, and the browser fetches nothing
/// from elsewhere. Served at /static/NAME with an ETag, so a browser asks again cheaply.
/// </summary>
internal static class EmbeddedAssets
{
    public const string Prefix = "hsguard-static/";

    private static readonly Lazy<Dictionary<string, (byte[] Content, string Type, string ETag)>> Files = new(Load);

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.Value.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(file.Content, file.Type, entityTag: new EntityTagHeaderValue(file.ETag));
    }

    private static Dictionary<string, (byte[], string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            string name = resource[Prefix.Length..];
            string type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                ".ico" => "image/x-icon",
                _ => "application/octet-stream",
            };
            files[name] = (content, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"");
        }
        return files;
    }
}
