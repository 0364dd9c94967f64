namespace HsGuard.Agent.Proc;

/// <summary>
/// /proc/PID/smaps_rollup (proc_pid_smaps_rollup(5)): the fields of /proc/PID/smaps summed over
/// every mapping, in kB. A memory-hard hash (RandomX's 2 GiB dataset) runs much faster on huge
/// pages, so miners ask for them: transparent ones (AnonHugePages) or hugetlbfs ones
/// (Shared_Hugetlb + Private_Hugetlb, the same pages as the HugetlbPages line of
/// /proc/PID/status, which spares reading that file too).
/// </summary>
public struct SmapsRollupFields
{
    public ulong AnonHugePagesKb;   // AnonHugePages
    public ulong HugetlbKb;         // Shared_Hugetlb + Private_Hugetlb

    public static bool TryParse(ReadOnlySpan<byte> text, out SmapsRollupFields fields)
    {
        fields = default;
        if (!KeyValueParser.TryGetULong(text, "AnonHugePages:"u8, out fields.AnonHugePagesKb))
        {
            return false;
        }
        // Both present since Linux 4.14 (smaps_rollup itself); absent reads as none.
        KeyValueParser.TryGetULong(text, "Shared_Hugetlb:"u8, out ulong shared);
        KeyValueParser.TryGetULong(text, "Private_Hugetlb:"u8, out ulong @private);
        fields.HugetlbKb = shared + @private;
        return true;
    }
}
