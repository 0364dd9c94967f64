namespace HsGuard.Collector.Detection.Baseline;

/// <summary>Users' kept windows as training reads them: one user at a time, each read whole while
/// nothing writes to it, and nothing copied. Training reads it more than once.</summary>
internal interface IWindowSource
{
    /// <summary>Calls <paramref name="read"/> with each user's windows, oldest first; the list is
    /// only valid during the call.</summary>
    void Read(Action<UserKey, IReadOnlyList<FeatureWindow>> read);
}
