namespace HsGuard.Collector.Detection.Baseline;

/// <summary>A window's score (0 usual to 1 never seen), how far it was from normal and the user's
/// scale, and the features that drove it.</summary>
public sealed record BaselineScore(double Score, float Distance, float Scale, IReadOnlyList<BaselineDriver> Drivers, string ModelVersion);

/// <summary>A feature far from the user's usual: its value in the window, the user's mean, and how
/// many of the user's spreads away it lies.</summary>
public sealed record BaselineDriver(string Feature, float Value, float Usual, float Deviation);
