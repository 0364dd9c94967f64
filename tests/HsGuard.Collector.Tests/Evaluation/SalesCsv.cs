using System.Globalization;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A shop's sales exports as CSV, made up: what a member's nightly report script reads.</summary>
internal static class SalesCsv
{
    private static readonly string[] Regions = ["north", "south", "east", "west", "central", "export"];
    private static readonly string[] Categories = ["books", "garden", "kitchen", "toys", "tools", "music", "sports", "office"];

    public static void Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 20);
        writer.Write("date,region,customer,product,category,quantity,unit_price\n");
        var day = new DateOnly(2025, 1, 1);
        for (int i = 0; i < rows; i++)
        {
            var date = day.AddDays(random.Next(0, 700));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd},{Regions[random.Next(Regions.Length)]},C{random.Next(1, 30000):00000},P{random.Next(1, 4000):0000},"
                + $"{Categories[random.Next(Categories.Length)]},{random.Next(1, 12)},{random.Next(99, 99999) / 100.0:0.00}\n"));
        }
    }
}
