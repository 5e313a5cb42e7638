using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Membership;

/// <summary>
/// A small mutable set of ids kept sorted ascending, used while a configuration change is being worked
/// out. Sorted, so that building the result and walking it are deterministic.
/// </summary>
internal sealed class IdList
{
    private readonly List<ulong> ids;

    public IdList(IEnumerable<ulong> ids)
    {
        this.ids = [.. ids];
        this.ids.Sort();
    }

    public int Count => ids.Count;

    public IReadOnlyList<ulong> Items => ids;

    public bool Contains(ulong id) => ids.BinarySearch(id) >= 0;

    public void Add(ulong id)
    {
        var position = ids.BinarySearch(id);
        if (position < 0)
        {
            ids.Insert(~position, id);
        }
    }

    public void Remove(ulong id)
    {
        var position = ids.BinarySearch(id);
        if (position >= 0)
        {
            ids.RemoveAt(position);
        }
    }

    public void Clear() => ids.Clear();

    public ulong[] ToArray() => [.. ids];

    /// <summary>How many ids are in exactly one of the two sets.</summary>
    public int SymmetricDifference(IReadOnlyList<ulong> sortedOther)
    {
        var differing = 0;
        foreach (var id in ids)
        {
            if (!SortedIds.Contains(sortedOther, id))
            {
                differing++;
            }
        }

        foreach (var id in sortedOther)
        {
            if (!Contains(id))
            {
                differing++;
            }
        }

        return differing;
    }
}
