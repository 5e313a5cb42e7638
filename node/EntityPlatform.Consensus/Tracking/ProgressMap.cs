using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// Member id → <see cref="Progress"/>, kept sorted by id so that every walk over the members is in
/// ascending id order. Groups have a handful of members, so sorted arrays with binary search beat a
/// hash map here and, unlike one, give a deterministic order for free.
/// It acknowledges each member's <see cref="Progress.Match"/> to the quorum code.
/// </summary>
public sealed class ProgressMap : IEnumerable<(ulong Id, Progress Progress)>, IAckedIndexer
{
    // Invariant: ids ascending and unique; progresses[i] belongs to ids[i].
    private readonly List<ulong> ids;
    private readonly List<Progress> progresses;
    private readonly ReadOnlyCollection<ulong> readOnlyIds;

    // Bumped on every structural change so that an enumeration cannot silently skip or repeat a member.
    private int version;

    public ProgressMap()
    {
        ids = [];
        progresses = [];
        readOnlyIds = ids.AsReadOnly();
    }

    private ProgressMap(List<ulong> ids, List<Progress> progresses)
    {
        this.ids = ids;
        this.progresses = progresses;
        readOnlyIds = ids.AsReadOnly();
    }

    public int Count => ids.Count;

    /// <summary>The member ids, ascending.</summary>
    public IReadOnlyList<ulong> Ids => readOnlyIds;

    /// <summary>The progress of <paramref name="id"/>; setting adds or replaces it.</summary>
    public Progress this[ulong id]
    {
        get
        {
            var position = ids.BinarySearch(id);
            return position >= 0 ? progresses[position] : throw new KeyNotFoundException($"no progress for member {id}");
        }

        set
        {
            var position = ids.BinarySearch(id);
            if (position >= 0)
            {
                progresses[position] = value;
                return;
            }

            ids.Insert(~position, id);
            progresses.Insert(~position, value);
            version++;
        }
    }

    public bool Contains(ulong id) => ids.BinarySearch(id) >= 0;

    public bool TryGetValue(ulong id, [MaybeNullWhen(false)] out Progress progress)
    {
        var position = ids.BinarySearch(id);
        progress = position >= 0 ? progresses[position] : null;
        return position >= 0;
    }

    /// <summary>Adds a new member; adding one that is already tracked is a bug.</summary>
    public void Add(ulong id, Progress progress)
    {
        var position = ids.BinarySearch(id);
        Invariant.Assert(position < 0, $"member {id} is already tracked");
        ids.Insert(~position, id);
        progresses.Insert(~position, progress);
        version++;
    }

    public bool Remove(ulong id)
    {
        var position = ids.BinarySearch(id);
        if (position < 0)
        {
            return false;
        }

        ids.RemoveAt(position);
        progresses.RemoveAt(position);
        version++;
        return true;
    }

    /// <summary>A deep copy: changing a copied progress never affects this map.</summary>
    public ProgressMap Clone()
    {
        var copies = new List<Progress>(progresses.Count);
        foreach (var progress in progresses)
        {
            copies.Add(progress.Clone());
        }

        return new ProgressMap([.. ids], copies);
    }

    bool IAckedIndexer.TryGetAckedIndex(ulong voterId, out ulong index)
    {
        if (TryGetValue(voterId, out var progress))
        {
            index = progress.Match;
            return true;
        }

        index = 0;
        return false;
    }

    /// <summary>Allocation-free ascending enumeration for <c>foreach</c>.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<(ulong Id, Progress Progress)> IEnumerable<(ulong Id, Progress Progress)>.GetEnumerator() =>
        GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Canonical text form: one <c>id: progress</c> line per member, ascending.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            text.Append(ids[i]).Append(": ").Append(progresses[i]).Append('\n');
        }

        return text.ToString();
    }

    public struct Enumerator : IEnumerator<(ulong Id, Progress Progress)>
    {
        private readonly ProgressMap map;
        private readonly int version;
        private int position;

        internal Enumerator(ProgressMap map)
        {
            this.map = map;
            version = map.version;
            position = -1;
        }

        public readonly (ulong Id, Progress Progress) Current => (map.ids[position], map.progresses[position]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            Invariant.Assert(version == map.version, "the progress map changed during enumeration");
            position++;
            return position < map.ids.Count;
        }

        public void Reset() => position = -1;

        public readonly void Dispose()
        {
        }
    }
}
