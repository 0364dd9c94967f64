namespace HsGuard.Collector.Tests.Evaluation;

public sealed class ShellTests
{
    [Theory]
    [InlineData("[kworker/0:1]")]
    [InlineData("it's $HOME `id` \"x\" \\n")]
    [InlineData("")]
    public async Task Quote_AnyWord_ShReadsItBackUnchanged(string word)
    {
        string output = await SystemCommand.RunAsync("sh", ["-c", "printf %s " + Shell.Quote(word)], TestContext.Current.CancellationToken);

        Assert.Equal(word, output);
    }
}
