namespace HsGuard.Collector.Ingest;

/// <summary>
/// The last <see cref="Capacity"/> points of a series, oldest first. Grows by doubling up to its
/// capacity (or, past <c>doublingLimit</c> points, straight to it: a series that got that far fills
/// it, and the steps between would only be garbage), so that a series with few points stays small;
/// then overwrites the oldest.
/// </summary>
internal sealed class History<T> where T : struct
{
    private T[] _items = [];
    private readonly int _doublingLimit;
    private int _start;

    public History(int capacity, int doublingLimit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _doublingLimit = doublingLimit;
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count < Capacity)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length >= _doublingLimit ? Capacity : Math.Min(Capacity, Math.Max(4, _items.Length * 2)));
            }
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return;
        }
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    /// <summary>The point at <paramref name="index"/>, 0 being the oldest.</summary>
    public T this[int index] => (uint)index < (uint)Count
        ? _items[(_start + index) % _items.Length]
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The newest point; default when empty.</summary>
    public T Last => Count == 0 ? default : _items[(_start + Count - 1) % _items.Length];

    public T[] ToArray()
    {
        var result = new T[Count];
        for (int i = 0; i < Count; i++)
        {
            result[i] = _items[(_start + i) % _items.Length];
        }
        return result;
    }
}
