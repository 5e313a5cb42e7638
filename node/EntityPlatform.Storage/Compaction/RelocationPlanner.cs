namespace EntityPlatform.Storage.Compaction;

/// <summary>
/// Chooses which groups a compaction pass moves forward: those whose oldest needed record lies before
/// the target address, oldest pin first, while their live bytes fit the budget, and always at least one
/// so that every pass makes progress even when a lagging group alone exceeds the budget. Pure, so the
/// policy is tested without a log.
/// </summary>
public static class RelocationPlanner
{
    public readonly record struct Candidate(ulong GroupId, long PinAddress, long LiveBytes);

    public static IReadOnlyList<ulong> Choose(IEnumerable<Candidate> groups, long targetAddress, long budgetBytes)
    {
        var chosen = new List<ulong>();
        long spentBytes = 0;
        foreach (var group in groups.Where(g => g.PinAddress < targetAddress).OrderBy(g => g.PinAddress))
        {
            if (chosen.Count > 0 && spentBytes + group.LiveBytes > budgetBytes)
            {
                break;
            }

            chosen.Add(group.GroupId);
            spentBytes += group.LiveBytes;
        }

        return chosen;
    }
}
