namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// The features of a user's minute, and the least spread each is given when it is standardised
/// against the user's own past: a user that never used more than 1 % CPU is not "20 standard
/// deviations" off for using 3 %, only once it uses tens of percent.
/// </summary>
public static class BaselineFeatures
{
    public const int Count = 7;

    public static readonly string[] Names =
        ["cpu_mean", "cpu_max", "cpu_variation", "processes", "distinct_executables", "new_processes", "busy_processes"];

    private static readonly float[] SpreadFloors = [10f, 10f, 0.1f, 1f, 1f, 2f, 0.5f];

    public static float SpreadFloor(int feature) => SpreadFloors[feature];
}
