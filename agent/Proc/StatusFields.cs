namespace HsGuard.Agent.Proc;

/// <summary>What the sampler reads from /proc/PID/status for a busy process.</summary>
public struct StatusFields
{
    public uint RealUid;                 // Uid: first of four (real, effective, saved, fs)
    public ulong VoluntarySwitches;      // voluntary_ctxt_switches
    public ulong InvoluntarySwitches;    // nonvoluntary_ctxt_switches

    public static bool TryParse(ReadOnlySpan<byte> text, out StatusFields fields)
    {
        fields = default;
        bool ok = KeyValueParser.TryGetULong(text, "Uid:"u8, out ulong uid) && uid <= uint.MaxValue;
        ok &= KeyValueParser.TryGetULong(text, "voluntary_ctxt_switches:"u8, out fields.VoluntarySwitches);
        ok &= KeyValueParser.TryGetULong(text, "nonvoluntary_ctxt_switches:"u8, out fields.InvoluntarySwitches);
        fields.RealUid = (uint)uid;
        return ok;
    }
}
