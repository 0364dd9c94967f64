namespace HsGuard.Collector.Detection;

/// <summary>How unusual a user's recent behaviour is against its own learned past.</summary>
public interface IBaselineScores
{
    /// <summary>0 (usual) to 1 (never seen); -1 without a model for this user on this host.</summary>
    double Score(string host, uint uid);
}
