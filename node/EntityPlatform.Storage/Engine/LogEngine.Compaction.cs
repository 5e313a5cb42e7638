using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Compaction;

namespace EntityPlatform.Storage.Engine;

public sealed partial class LogEngine
{
    /// <summary>Bytes between the log head and tail, live or not.</summary>
    public long LogBytes => device.TailAddress - device.BeginAddress;

    /// <summary>
    /// The policy the node runs after each commit that moved a snapshot forward (which is what makes log
    /// space dead): one <see cref="CompactLog"/> pass when the log is larger than
    /// <see cref="LogEngineOptions.CompactAboveBytes"/>, else nothing. A pass costs at most the relocation
    /// budget (plus one lagging group larger than it) and one commit, so it is bounded work on the loop.
    /// </summary>
    public CompactionResult? MaybeCompactLog() => LogBytes > Options.CompactAboveBytes ? CompactLog() : null;

    /// <summary>
    /// One compaction pass (call it from the scheduler loop when idle, e.g. when <see cref="LogBytes"/>
    /// passes a threshold). A group needs the log from its <c>PinAddress</c> on: its base record (bootstrap,
    /// install or image) and its hard-state record. Compaction of entries inside a group only shrinks its
    /// live set; what frees disk is moving the head. Policy: aim to free the older half of the log (or up
    /// to <paramref name="targetAddress"/>); every group pinned before the target has its live state (image
    /// + retained entries) rewritten at the tail, oldest pin first, within the relocation budget; then the
    /// head moves to the lowest remaining pin, in the same commit. So a lagging group costs one rewrite of
    /// its retained entries per pass instead of pinning the file forever. Refused groups pin the log at
    /// their damage until wiped, so the evidence survives.
    /// </summary>
    public CompactionResult CompactLog(long? targetAddress = null)
    {
        ThrowIfFaulted();
        var oldBegin = device.BeginAddress;
        var target = targetAddress ?? oldBegin + (device.TailAddress - oldBegin) / 2;
        var candidates = table.Groups
            .Where(g => ledger.RefusalOf(g.GroupId) is null)
            .Select(g => new RelocationPlanner.Candidate(g.GroupId, g.PinAddress, (long)g.LiveBytes));
        var chosen = RelocationPlanner.Choose(candidates, target, Options.RelocateBudgetBytes);
        try
        {
            long relocatedBytes = 0;
            foreach (var groupId in chosen)
            {
                relocatedBytes += Relocate(groupId);
            }

            // The pins below must see the relocated groups at their new addresses: apply them first.
            FlushChunk();

            var (newBegin, pinnedBy) = LowestPin();
            if (newBegin > device.BeginAddress)
            {
                device.TruncateHead(newBegin);
            }

            if (chosen.Count > 0 || newBegin > oldBegin)
            {
                CommitDevice();
            }

            if (chosen.Count > 0 || newBegin > oldBegin)
            {
                Metrics.Compacted(relocatedBytes);
            }

            return new CompactionResult(chosen.Count, relocatedBytes, oldBegin, device.BeginAddress, pinnedBy);
        }
        catch (Exception ex) when (ex is not InvariantViolationException)
        {
            if (RollBackIfDiskFull(ex, "a compaction pass") is { } full)
            {
                throw full;
            }

            throw;
        }
    }

    private long Relocate(ulong groupId)
    {
        table.TryGet(groupId, out var group);
        var entries = new Entry[group.EntryCount];
        if (entries.Length > 0)
        {
            group.CopyEntries(group.FirstIndex, entries.Length, entries);
        }

        encoder.Image(group);
        if (entries.Length > 0)
        {
            encoder.Entries(groupId, entries, null);
        }

        return (long)group.LiveBytes;
    }

    private (long Address, string PinnedBy) LowestPin()
    {
        var (address, pinnedBy) = (device.TailAddress, "tail");
        foreach (var group in table.Groups)
        {
            if (ledger.RefusalOf(group.GroupId) is null && group.PinAddress < address)
            {
                (address, pinnedBy) = (group.PinAddress, $"group {group.GroupId}");
            }
        }

        if (ledger.LowestPinnedAddress() is { } damage && damage < address)
        {
            (address, pinnedBy) = (damage, "damage");
        }

        return (address, pinnedBy);
    }
}
