using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>The rules: <see cref="RulesOptions"/> bound and validated at start (the rules they
    /// name must load), and
    /// <see cref="RulesService"/>, which loads them when the host starts (a broken set stops the
    /// start) and reloads them when their files change.</summary>
    public static IServiceCollection AddDetectionRules(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RulesService>();
        services.AddHostedService(sp => sp.GetRequiredService<RulesService>());
        return services;
    }
}
