using HsGuard.Collector.Web.Pages;

namespace HsGuard.Collector.Tests.Web.Pages;

public sealed class DisplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "0 s ago")]
    [InlineData(89, "89 s ago")]
    [InlineData(90, "1 min ago")]
    [InlineData(89 * 60, "89 min ago")]
    [InlineData(90 * 60, "1 h ago")]
    [InlineData(35 * 3600, "35 h ago")]
    [InlineData(36 * 3600, "1 d ago")]
    [InlineData(-5, "0 s ago")]
    public void Ago_Seconds_RoundDownToTheLargestUnit(int secondsAgo, string expected) =>
        Assert.Equal(expected, Display.Ago(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void Ago_Never_SaysSo() => Assert.Equal("never", Display.Ago(default, Now));

    [Fact]
    public void Time_OtherOffset_ShownInUtc() =>
        Assert.Equal("2026-11-23 13:00:00 UTC", Display.Time(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.FromHours(1))));

    [Theory]
    [InlineData(512, "512 KiB")]
    [InlineData(3584, "3.5 MiB")]
    [InlineData(4.5 * 1024 * 1024, "4.5 GiB")]
    public void Kb_Sizes_InTheirUnit(double kb, string expected) => Assert.Equal(expected, Display.Kb(kb));

    [Theory]
    [InlineData("false-positive", "false-positive")]
    [InlineData("WARNING\" onmouseover=\"x", "WARNINGonmouseoverx")]
    public void Css_HostileWord_OnlyLettersDigitsHyphens(string word, string expected) => Assert.Equal(expected, Display.Css(word));
}
