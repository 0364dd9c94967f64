using HsGuard.Collector.Ingest;
using static HsGuard.Collector.Detection.FieldCatalog;

namespace HsGuard.Collector.Detection;

/// <summary>The fields of a user on a host, for user rules (the learned baseline).</summary>
internal sealed class UserFacts : IFieldSource
{
    private readonly DetectionOptions _options;
    private HostState _host = null!;
    private UserRecord? _user;
    private uint _uid;
    private string _name = "";
    private double _baseline;

    public UserFacts(DetectionOptions options)
    {
        _options = options;
    }

    public void Reset(HostState host, uint uid, double baselineScore)
    {
        _host = host;
        _uid = uid;
        _user = host.FindUser(uid);
        _name = _user?.User ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _baseline = baselineScore;
    }

    public string Name => _name;

    public bool Has(int field) =>
        field == UserName.Id || field == UserUid.Id || field == UserSystem.Id || field == UserBaselineScore.Id
        || field == HostName.Id || field == HostCpus.Id
        || ((field == UserCpu.Id || field == UserProcesses.Id) && _user is not null);

    public string GetString(int field) => field == UserName.Id ? _name : field == HostName.Id ? _host.Host : "";

    public double GetNumber(int field)
    {
        if (field == UserUid.Id) { return _uid; }
        if (field == UserCpu.Id) { return _user?.CpuPercent ?? 0; }
        if (field == UserProcesses.Id) { return _user?.Processes ?? 0; }
        if (field == UserBaselineScore.Id) { return _baseline; }
        if (field == HostCpus.Id) { return _host.CpuCount; }
        return 0;
    }

    public bool GetBool(int field) => field == UserSystem.Id && ProcessFacts.IsSystemUser(_uid, _options);

    public IReadOnlyList<string> GetList(int field) => [];
}
