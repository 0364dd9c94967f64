namespace HsGuard.Collector.Tests.Rules;

/// <summary>Outputs: placeholders replaced by the fields' values, &lt;NA&gt; for a missing one.</summary>
public sealed class OutputTests
{
    private static string Format(string output, FakeFields fields) =>
        RuleFiles.Compile("proc.cpu exists", output: output).FormatOutput(fields);

    [Fact]
    public void Format_Placeholders_ReplacedByValues()
    {
        var fields = new FakeFields().With("proc.name", "xmrig").With("proc.pid", 4242.0).With("proc.cpu", 399.456)
            .With("proc.exe_deleted", true).With("proc.ancestors", new[] { "bash", "php-fpm8.2" });

        Assert.Equal("xmrig (pid 4242) at 399.46% deleted=true under bash, php-fpm8.2.",
            Format("%proc.name (pid %(proc.pid)) at %proc.cpu%% deleted=%proc.exe_deleted under %proc.ancestors.", fields));
    }

    [Fact]
    public void Format_MissingField_NotAvailable() =>
        Assert.Equal("<NA> of <NA>", Format("%proc.name of %user.name", new FakeFields()));

    [Fact]
    public void Format_NoPlaceholder_TextKept() =>
        Assert.Equal("100 % sure, 50% off", Format("100 % sure, 50% off", new FakeFields()));
}
