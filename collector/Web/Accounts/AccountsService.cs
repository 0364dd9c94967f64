namespace HsGuard.Collector.Web.Accounts;

/// <summary>Reads the accounts file at start (creating it with a first hostmaster when there is
/// none): a broken file stops the start with every error listed.</summary>
internal sealed class AccountsService(AccountStore accounts) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        accounts.Load();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
