namespace HsGuard.Collector.Detection.Baseline;

/// <summary>One user's own normal: mean and spread of each feature, and the distance (in
/// standardised units) that 99 % of its past minutes stay within.</summary>
internal sealed record UserProfile(float[] Mean, float[] Spread, float Scale = 1)
{
    /// <summary>From every one of <paramref name="windows"/>, in one pass (a kept history decodes
    /// each window as it is read).</summary>
    public static UserProfile Of(IReadOnlyList<FeatureWindow> windows)
    {
        Span<double> sum = stackalloc double[BaselineFeatures.Count];
        Span<double> squares = stackalloc double[BaselineFeatures.Count];
        sum.Clear();
        squares.Clear();
        for (int i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            for (int f = 0; f < BaselineFeatures.Count; f++)
            {
                sum[f] += w[f];
                squares[f] += (double)w[f] * w[f];
            }
        }
        var mean = new float[BaselineFeatures.Count];
        var spread = new float[BaselineFeatures.Count];
        for (int f = 0; f < BaselineFeatures.Count; f++)
        {
            double m = sum[f] / windows.Count;
            mean[f] = (float)m;
            spread[f] = (float)Math.Max(BaselineFeatures.SpreadFloor(f), Math.Sqrt(Math.Max(0, (squares[f] / windows.Count) - (m * m))));
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
