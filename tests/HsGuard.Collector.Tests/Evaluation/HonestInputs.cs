using System.Globalization;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>The inputs of the honest scenarios, generated (the same every run) into a folder every
/// user can read: 64 MB of logs for xz, a site's 48 MB of logs to compress, back up and search,
/// a shop's CSV exports and SQLite database for the report scripts, a large C file to compile.</summary>
internal static class HonestInputs
{
    public const long LogBytes = 64L << 20;
    public const int SiteFolders = 12;
    public const int SiteFilesPerFolder = 20;
    public const long SiteFileBytes = 200 << 10;
    public const int SalesFiles = 6;
    public const int SalesRows = 80_000;
    public const int CFunctions = 2500;

    private static string Workloads(string file) => RepositoryPaths.Combine("tests", "HsGuard.Collector.Tests", "Evaluation", "Workloads", file);

    public static async Task WriteAsync(string data, CancellationToken cancel)
    {
        var sales = Directory.CreateDirectory(Path.Combine(data, "sales")).FullName;
        File.Copy(Workloads("sales_report.py"), Path.Combine(data, "sales_report.py"));
        File.Copy(Workloads("report.sql"), Path.Combine(data, "report.sql"));
        await Task.WhenAll(
            Task.Run(() => LogText.Write(Path.Combine(data, "logs.txt"), LogBytes, seed: 1), cancel),
            Task.Run(() => WriteSite(Path.Combine(data, "site")), cancel),
            Task.Run(() =>
            {
                for (int i = 0; i < SalesFiles; i++)
                {
                    SalesCsv.Write(Path.Combine(sales, string.Create(CultureInfo.InvariantCulture, $"sales-{i + 1:00}.csv")), SalesRows, seed: 100 + i);
                }
                GeneratedC.Write(Path.Combine(data, "generated.c"), CFunctions, seed: 7);
            }, cancel),
            SystemCommand.RunAsync("sqlite3", [Path.Combine(data, "shop.db")], cancel, File.ReadAllText(Workloads("shop.sql"))));
    }

    private static void WriteSite(string site)
    {
        for (int d = 0; d < SiteFolders; d++)
        {
            string folder = Directory.CreateDirectory(Path.Combine(site, string.Create(CultureInfo.InvariantCulture, $"vhost{d + 1:00}"))).FullName;
            for (int f = 0; f < SiteFilesPerFolder; f++)
            {
                LogText.Write(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"access-{f + 1:00}.log")), SiteFileBytes, seed: 1000 + (d * 100) + f);
            }
        }
    }
}
