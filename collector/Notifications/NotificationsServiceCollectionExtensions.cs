using HsGuard.Collector.Members;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The member directory, the notice planner and the outbox's sender (e-mail and
    /// webhook), with their options validated at start: the members file and the templates must
    /// load.</summary>
    public static IServiceCollection AddCollectorNotifications(this IServiceCollection services)
    {
        services.AddOptions<MembersOptions>().BindConfiguration(MembersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembersOptions>, MembersOptionsValidator>());
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>());
        services.AddSingleton<MemberDirectory>();
        services.AddHttpClient(WebhookNotifier.ClientName)
            .ConfigureHttpClient((sp, client) =>
                // The notifier bounds each POST itself; this only keeps the client's own bound out of its way.
                client.Timeout = sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.Hostmasters.WebhookTimeout + TimeSpan.FromSeconds(5));
        services.AddSingleton<EmailNotifier>();
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<NotificationService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationService>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
