namespace HsGuard.Collector.Detection.Baseline;

/// <summary>One user's own normal: mean and spread of each feature, and the distance (in
/// standardised units) that 99 % of its past minutes stay within.</summary>
internal sealed record UserProfile(float[] Mean, float[] Spread, float Scale = 1)
{
    public static UserProfile Of(IReadOnlyList<FeatureWindow> windows)
    {
        var mean = new float[BaselineFeatures.Count];
        var spread = new float[BaselineFeatures.Count];
        for (int f = 0; f < BaselineFeatures.Count; f++)
        {
            double sum = 0, squares = 0;
            foreach (var w in windows)
            {
                sum += w[f];
                squares += (double)w[f] * w[f];
            }
            double m = sum / windows.Count;
            mean[f] = (float)m;
            spread[f] = (float)Math.Max(BaselineFeatures.SpreadFloor(f), Math.Sqrt(Math.Max(0, (squares / windows.Count) - (m * m))));
        }
        return new UserProfile(mean, spread);
    }

    public float[] Standardise(FeatureWindow window)
    {
        var z = new float[BaselineFeatures.Count];
        for (int f = 0; f < z.Length; f++)
        {
            z[f] = (window[f] - Mean[f]) / Spread[f];
        }
        return z;
    }
}
