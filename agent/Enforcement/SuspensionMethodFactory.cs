using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Enforcement;

/// <summary>Chooses how suspensions hold, from <see cref="EnforcementOptions.CgroupRoot"/>: a
/// freezer where the host has one, SIGSTOP otherwise.</summary>
internal static class SuspensionMethodFactory
{
    private const string UnifiedRoot = "/sys/fs/cgroup";
    private const string V1FreezerRoot = "/sys/fs/cgroup/freezer";

    /// <exception cref="OptionsValidationException">An explicit CgroupRoot that is no freezer.</exception>
    public static ISuspensionMethod Create(EnforcementOptions options, ProcessReader reader, TimeProvider time, ILogger log)
    {
        string? root = options.CgroupRoot switch
        {
            EnforcementOptions.None => null,
            EnforcementOptions.Auto when File.Exists(Path.Combine(UnifiedRoot, "cgroup.controllers")) => UnifiedRoot,
            EnforcementOptions.Auto when File.Exists(Path.Combine(V1FreezerRoot, "cgroup.procs")) => V1FreezerRoot,
            EnforcementOptions.Auto => null,
            _ => options.CgroupRoot,
        };
        if (root is null)
        {
            var signals = new SignalStopper(reader, time);
            EnforcementLog.MethodChosen(log, signals.Name, options.CgroupRoot == EnforcementOptions.None ? " (CgroupRoot is none)" : " (no cgroup freezer found)");
            return signals;
        }
        var freezer = CgroupFreezer.TryOpen(root, options.CgroupParent, reader, time, log, out string? error);
        if (freezer is not null)
        {
            EnforcementLog.MethodChosen(log, freezer.Name, " at " + freezer.ParentDirectory);
            return freezer;
        }
        if (options.CgroupRoot != EnforcementOptions.Auto)
        {
            throw new OptionsValidationException(EnforcementOptions.Section, typeof(EnforcementOptions),
                [$"{EnforcementOptions.Section}:{nameof(EnforcementOptions.CgroupRoot)}: {error}"]);
        }
        EnforcementLog.NoFreezer(log, root, error ?? "");
        return new SignalStopper(reader, time);
    }
}
