namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// One minute of one user on one host, in the baseline's features (see <see cref="BaselineFeatures"/>).
/// </summary>
public readonly record struct FeatureWindow(
    DateTimeOffset Start,
    float CpuMean,
    float CpuMax,
    float CpuVariation,
    float Processes,
    float DistinctExecutables,
    float NewProcesses,
    float BusyProcesses)
{
    public float this[int feature] => feature switch
    {
        0 => CpuMean,
        1 => CpuMax,
        2 => CpuVariation,
        3 => Processes,
        4 => DistinctExecutables,
        5 => NewProcesses,
        6 => BusyProcesses,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };
}
