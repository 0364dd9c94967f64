using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>"Authorization: Bearer hsg_…": an API token of an account, for scripts and the CLI.
/// No cookie, so no cross-site request can carry it: token requests need no CSRF token.</summary>
public sealed class TokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Token";

    private readonly AccountStore _accounts;

    public TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
        : base(options, logger, encoder)
    {
        _accounts = accounts;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var account = _accounts.CheckToken(header["Bearer ".Length..].Trim());
        return Task.FromResult(account is null
            ? AuthenticateResult.Fail("unknown or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(Principals.Of(account, SchemeName), SchemeName)));
    }

    // Scripts get the same problem details as the API's other refusals, not an empty answer.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Api.ApiProblems.WriteDeniedAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Api.ApiProblems.WriteDeniedAsync(Context, StatusCodes.Status403Forbidden);
}
