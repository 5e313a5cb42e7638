using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Simulation.Checking;

/// <summary>
/// Log matching (§5.3), checked on every persisted entry of every replica: two entries with the same index
/// and term hold the same data and follow an entry of the same term. By induction the whole prefixes match.
/// </summary>
public sealed class LogMatchingChecker
{
    private readonly Dictionary<(ulong Index, ulong Term), (ulong PreviousTerm, Entry Entry, ulong NodeId)> seen = [];

    /// <summary><paramref name="previousTerm"/> is the term of the entry before <paramref name="entry"/> in that log, or null when compacted.</summary>
    public void OnPersisted(ulong nodeId, in Entry entry, ulong? previousTerm)
    {
        var key = (entry.Index, entry.Term);
        if (!seen.TryGetValue(key, out var known))
        {
            if (previousTerm is { } term)
            {
                seen[key] = (term, entry, nodeId);
            }

            return;
        }

        if (!known.Entry.Equals(entry))
        {
            throw new SafetyViolationException("log matching",
                $"entry {entry.Term}/{entry.Index} differs: n{known.NodeId} has [{known.Entry}], n{nodeId} has [{entry}]");
        }

        if (previousTerm is { } previous && previous != known.PreviousTerm)
        {
            throw new SafetyViolationException("log matching",
                $"entry {entry.Term}/{entry.Index} follows term {known.PreviousTerm} on n{known.NodeId} but term {previous} on n{nodeId}");
        }
    }
}
