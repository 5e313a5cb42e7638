using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Simulation.Checking;

/// <summary>
/// The one committed sequence every replica's applied sequence must be a prefix of. Filled from every
/// piece of evidence that an entry is committed: a replica applied it, a replica persisted a commit index
/// covering it, or a snapshot's (index, term). Any two pieces of evidence that disagree are a violation;
/// an acknowledged write that a different entry replaces is reported as a lost write.
/// </summary>
public sealed class CommitLedger
{
    // Slot i holds index i; Term 0 means nothing is known about that index yet.
    private readonly List<(ulong Term, Entry? Entry, ulong NodeId)> slots = [(0, null, 0)];
    private readonly Dictionary<ulong, AckedWrite> ackedByIndex = [];

    /// <summary>The highest index with any evidence.</summary>
    public ulong HighestIndex { get; private set; }

    public IReadOnlyCollection<AckedWrite> AckedWrites => ackedByIndex.Values;

    public void RecordEntry(ulong nodeId, in Entry entry)
    {
        var (term, known, knownNode) = Slot(entry.Index);
        if (term == 0)
        {
            Set(entry.Index, (entry.Term, entry, nodeId));
            return;
        }

        if (term != entry.Term || (known is { } existing && !existing.Equals(entry)))
        {
            Fail(entry.Index, $"n{knownNode} committed [{Describe(term, known)}] but n{nodeId} committed [{entry}]");
        }

        if (known is null)
        {
            Set(entry.Index, (term, entry, nodeId));
        }
    }

    /// <summary>A snapshot says index <paramref name="index"/> holds an entry of term <paramref name="term"/>.</summary>
    public void RecordTerm(ulong nodeId, ulong index, ulong term)
    {
        var (knownTerm, known, knownNode) = Slot(index);
        if (knownTerm == 0)
        {
            Set(index, (term, null, nodeId));
        }
        else if (knownTerm != term)
        {
            Fail(index, $"n{knownNode} committed [{Describe(knownTerm, known)}] but n{nodeId} has a snapshot at {term}/{index}");
        }
    }

    public bool TryGetTerm(ulong index, out ulong term)
    {
        term = Slot(index).Term;
        return term != 0;
    }

    /// <summary>The client was told <paramref name="write"/> succeeded; the ledger must hold it already and forever.</summary>
    public void Acknowledge(AckedWrite write, in Entry appliedEntry)
    {
        var (term, known, _) = Slot(write.Index);
        if (term != write.Term || known is not { } entry || !entry.Equals(appliedEntry))
        {
            throw new SafetyViolationException("no acknowledged write is lost",
                $"{write} was acknowledged but the committed sequence holds [{Describe(term, known)}] at {write.Index}");
        }

        ackedByIndex[write.Index] = write;
    }

    private (ulong Term, Entry? Entry, ulong NodeId) Slot(ulong index) =>
        index < (ulong)slots.Count ? slots[(int)index] : (0, null, 0);

    private void Set(ulong index, (ulong Term, Entry? Entry, ulong NodeId) slot)
    {
        while ((ulong)slots.Count <= index)
        {
            slots.Add((0, null, 0));
        }

        slots[(int)index] = slot;
        HighestIndex = Math.Max(HighestIndex, index);
    }

    private void Fail(ulong index, string detail)
    {
        if (ackedByIndex.TryGetValue(index, out var acked))
        {
            throw new SafetyViolationException("no acknowledged write is lost", $"{acked} was replaced: {detail}");
        }

        throw new SafetyViolationException("one committed sequence", $"index {index}: {detail}");
    }

    private static string Describe(ulong term, Entry? entry) => entry?.ToString() ?? $"{term}/? (from a snapshot)";
}
