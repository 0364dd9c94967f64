using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Baseline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Tests.Detection;

public sealed class BaselineOptionsTests
{
    [Fact]
    public void Validate_Defaults_TrainingRows200000()
    {
        using var services = Start();

        Assert.Equal(200_000, services.GetRequiredService<IOptions<BaselineOptions>>().Value.TrainingRows);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("99")]
    public void Validate_BrokenTrainingRows_RefusedAtStartNamingIt(string value)
    {
        using var services = Start(($"{BaselineOptions.Section}:TrainingRows", value));

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TrainingRows", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Start(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddCollectorDetection();
        return services.BuildServiceProvider();
    }
}
