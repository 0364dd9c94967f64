using System.Globalization;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A web server's access and error log, made up: the compressible text that hosting
/// servers compress, back up and search every night.</summary>
internal static class LogText
{
    private static readonly string[] Hosts = ["web1", "web2", "web3", "mail1"];
    private static readonly string[] Programs = ["php-fpm8.2", "apache2", "nginx", "postfix/smtpd", "dovecot", "cron"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "HEAD"];
    private static readonly string[] Paths = ["/", "/shop/product/", "/wp-admin/admin-ajax.php", "/blog/", "/api/v1/orders/",
        "/images/", "/typo3/index.php", "/feed/", "/login", "/cart/add/"];
    private static readonly string[] Outcomes = ["ok", "ok", "ok", "ok", "upstream timeout", "connection refused", "permission denied",
        "client closed connection", "cache hit", "cache miss"];
    private static readonly int[] Statuses = [200, 200, 200, 200, 301, 302, 304, 404, 500, 502];

    /// <summary>Writes about <paramref name="bytes"/> bytes of log lines, the same for the same seed.</summary>
    public static void Write(string path, long bytes, int seed)
    {
        var random = new Random(seed);
        var time = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 20);
        var line = new System.Text.StringBuilder(256);
        long written = 0;
        while (written < bytes)
        {
            time = time.AddMilliseconds(random.Next(1, 400));
            line.Clear();
            line.Append(CultureInfo.InvariantCulture,
                $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} {Pick(random, Hosts)} {Pick(random, Programs)}[{random.Next(1000, 40000)}]: ");
            line.Append(CultureInfo.InvariantCulture,
                $"{Pick(random, Methods)} {Pick(random, Paths)}{random.Next(1, 5000)} {Pick(random, Statuses)} {random.Next(200, 90000)} bytes ");
            line.Append(CultureInfo.InvariantCulture,
                $"in {random.Next(1, 900)} ms user=xyz{random.Next(0, 60):00} {Pick(random, Outcomes)}\n");
            writer.Write(line);
            written += line.Length;
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
