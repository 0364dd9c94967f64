using System.Collections;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// One user's last windows, kept compact (<see cref="CompactWindow"/>, 18 bytes each) and read back
/// as <see cref="FeatureWindow"/>s, oldest first. It grows by doubling to an hour of windows
/// (<see cref="BaselineOptions.MinWindows"/>' default: a user that got that far is one the model
/// learns, and will fill its day), then straight to its capacity.
/// </summary>
internal sealed class WindowHistory(int capacity) : IReadOnlyList<FeatureWindow>
{
    private const int DoublingLimit = 64;

    private readonly History<CompactWindow> _windows = new(capacity, DoublingLimit);

    public int Count => _windows.Count;

    public FeatureWindow this[int index] => _windows[index].ToWindow();

    public void Add(FeatureWindow window) => _windows.Add(CompactWindow.From(window));

    public IEnumerator<FeatureWindow> GetEnumerator()
    {
        for (int i = 0; i < _windows.Count; i++)
        {
            yield return _windows[i].ToWindow();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
