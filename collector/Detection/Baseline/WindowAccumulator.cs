namespace HsGuard.Collector.Detection.Baseline;

/// <summary>What one user did in the current minute, sample by sample.</summary>
internal sealed class WindowAccumulator
{
    private readonly HashSet<string> _executables = new(StringComparer.Ordinal);
    private int _samples;
    private double _cpuSum;
    private double _cpuSquares;
    private float _cpuMax;
    private double _processSum;
    private int _newProcesses;
    private int _busyMax;

    public DateTimeOffset Start { get; private set; }

    public bool IsEmpty => _samples == 0;

    public void Begin(DateTimeOffset start)
    {
        Start = start;
        _executables.Clear();
        _samples = 0;
        _cpuSum = _cpuSquares = _processSum = 0;
        _cpuMax = 0;
        _newProcesses = _busyMax = 0;
    }

    public void AddSample(float cpu, int processes, int busy)
    {
        _samples++;
        _cpuSum += cpu;
        _cpuSquares += (double)cpu * cpu;
        _cpuMax = Math.Max(_cpuMax, cpu);
        _processSum += processes;
        _busyMax = Math.Max(_busyMax, busy);
    }

    public void AddExecutable(string exe) => _executables.Add(exe);

    public void AddNewProcess() => _newProcesses++;

    public FeatureWindow Finish()
    {
        double mean = _cpuSum / _samples;
        double variance = Math.Max(0, (_cpuSquares / _samples) - (mean * mean));
        float variation = mean > 1 ? (float)(Math.Sqrt(variance) / mean) : 0f;
        return new FeatureWindow(Start, (float)mean, _cpuMax, variation, (float)(_processSum / _samples), _executables.Count, _newProcesses, _busyMax);
    }
}
