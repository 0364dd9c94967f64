namespace HsGuard.Bench;

/// <summary>What <c>sampler</c> was asked to do.</summary>
internal sealed record SamplerBenchSettings(int[] Sizes, int[]? Passes, int Reps, bool Markdown, string FloorSource)
{
    /// <summary>Passes per repetition at the size at <paramref name="index"/>: the one given for
    /// every size, the one given for this size, or by default about 250,000 processes read per
    /// repetition (200 passes up to 1,250 processes, 50 at 5,000), from 20 to 200.</summary>
    public int PassesFor(int index) => Passes switch
    {
        [int all] => all,
        { } each => each[index],
        null => Math.Clamp(250_000 / Sizes[index], 20, 200),
    };
}
