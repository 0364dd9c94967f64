using System.Globalization;
using System.Xml.Linq;
using HsGuard.Collector.Web.Charts;

namespace HsGuard.Collector.Tests.Web.Charts;

public sealed class SparklineTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<(double X, double Y)> Points(XElement svg) =>
        svg.Element(Svg + "polyline")!.Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',')).Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture))).ToList();

    [Fact]
    public void Render_IdleThenBusy_ScaledToOneCore()
    {
        var svg = XElement.Parse(Sparkline.Render([0, 50, 100], "CPU of xyz00"));

        Assert.Equal([(1, 23), (59.5, 12), (118, 1)], Points(svg));
        Assert.Equal("CPU of xyz00", svg.Attribute("aria-label")!.Value);
    }

    [Fact]
    public void Render_AboveOneCore_ScaledToHighest()
    {
        var svg = XElement.Parse(Sparkline.Render([200, 100], "cpu"));

        Assert.Equal([1, 12], Points(svg).Select(p => p.Y));
    }

    [Fact]
    public void Render_NoValues_EmptyButWellFormed()
    {
        var svg = XElement.Parse(Sparkline.Render([], "cpu"));

        Assert.Null(svg.Element(Svg + "polyline"));
        Assert.Null(svg.Element(Svg + "circle"));
    }

    [Fact]
    public void Render_OneValueOrNotFinite_DotAtTheRightEnd()
    {
        var svg = XElement.Parse(Sparkline.Render([double.NaN, 100], "cpu"));

        var dot = Assert.Single(svg.Elements(Svg + "circle"));
        Assert.Equal(("118", "1"), (dot.Attribute("cx")!.Value, dot.Attribute("cy")!.Value));
    }
}
