using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>Users' CPU in a trace, from the per-user totals every batch carries.</summary>
internal static class TraceCpu
{
    /// <summary>Mean CPU (percent of one core) of each user over the batches from
    /// <paramref name="from"/> on; a user absent from a batch used none in it.</summary>
    public static Dictionary<uint, double> MeanByUser(string trace, DateTimeOffset from)
    {
        var sums = new Dictionary<uint, double>();
        int batches = 0;
        foreach (var message in TraceReader.Read(trace))
        {
            if (message.BodyCase != AgentMessage.BodyOneofCase.Batch || message.Batch.Time.ToDateTimeOffset() < from)
            {
                continue;
            }
            batches++;
            foreach (var user in message.Batch.Users)
            {
                sums[user.Uid] = sums.GetValueOrDefault(user.Uid) + user.CpuPercent;
            }
        }
        return sums.ToDictionary(s => s.Key, s => batches == 0 ? 0 : s.Value / batches);
    }
}
