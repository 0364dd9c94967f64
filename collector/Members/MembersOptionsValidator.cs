using HsGuard.Collector.Notifications;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Members;

/// <summary>Part of validating <see cref="MembersOptions"/> at start: the members file must read
/// without an error (a bad address, an unknown language, a user listed twice), each reported with
/// its file and line, exit status 78. The database's entries are checked when the directory loads.</summary>
internal sealed class MembersOptionsValidator : IValidateOptions<MembersOptions>
{
    public ValidateOptionsResult Validate(string? name, MembersOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.File) && !Path.IsPathFullyQualified(options.File))
        {
            return ValidateOptionsResult.Skip;   // MembersOptions.Validate names the key
        }
        if (options.EffectiveFile() is not { } file)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = MemberDirectory.Check(file);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(NotificationsOptionsValidator.Describe("the members file", errors));
    }
}
