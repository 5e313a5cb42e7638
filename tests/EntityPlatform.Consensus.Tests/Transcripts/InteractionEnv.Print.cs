using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Consensus.Tests.Transcripts;

public sealed partial class InteractionEnv
{
    private void PrintReady(Ready ready)
    {
        output.Add($"  Ready MustSync={ready.MustSync.ToString().ToLowerInvariant()}:");
        if (ready.SoftState is { } softState)
        {
            output.Add($"  {softState}");
        }

        if (ready.HardState is { } hardState)
        {
            output.Add($"  HardState {hardState}");
        }

        if (ready.Snapshot is { } snapshot)
        {
            output.Add($"  {snapshot}");
        }

        PrintSection("Entries", ready.Entries.Select(entry => entry.ToString()));
        PrintSection("CommittedEntries", ready.CommittedEntries.Select(entry => entry.ToString()));
        PrintSection("Messages", ready.Messages.Select(message => message.ToString()));
        PrintSection("ReadStates", ready.ReadStates.Select(state => state.ToString()));
    }

    private void PrintSection(string title, IEnumerable<string> lines)
    {
        var items = lines.ToArray();
        if (items.Length == 0)
        {
            return;
        }

        output.Add($"  {title}:");
        output.AddRange(items.Select(item => "  " + item));
    }

    private void PrintStatus(ulong id)
    {
        var status = Node(id).Raft.Status();
        output.Add(status.ToString());
        output.Add($"lease={(status.LeaseValid ? "valid" : "none")} transferee={status.LeadTransferee}");
        foreach (var progress in status.Progress)
        {
            output.Add($"  {progress.Id}: {progress.State} match={progress.Match} next={progress.Next}" +
                (progress.IsLearner ? " learner" : "") + (progress.RecentActive ? "" : " inactive"));
        }
    }

    /// <summary>What a bounded-staleness read would go by: the leader's reported commit, what is applied, quorum contact age.</summary>
    private void PrintFreshness(ulong id)
    {
        var node = Node(id);
        var contact = node.Raft.TicksSinceQuorumContact is { } ticks ? ticks.ToString() : "none";
        output.Add($"{id}: leader-commit={node.Raft.LeaderCommit} applied={node.AppliedIndex} ticks-since-quorum-contact={contact} lease={(node.Raft.LeaseValid ? "valid" : "none")}");
    }

    private void PrintRaftState()
    {
        foreach (var (id, node) in nodes)
        {
            var status = node.Raft.Status();
            output.Add($"{id}: {status.Role} Term:{status.Term} Lead:{status.Leader}" + (status.Quiesced ? " quiesced" : ""));
        }
    }

    private void PrintLog(ulong id)
    {
        var storage = Node(id).Storage;
        if (storage.LastIndex < storage.FirstIndex)
        {
            output.Add($"log is empty: first index={storage.FirstIndex}, last index={storage.LastIndex}");
            return;
        }

        storage.TryGetEntries(storage.FirstIndex, storage.LastIndex + 1, ulong.MaxValue, out var entries);
        output.AddRange(entries.Select(entry => entry.ToString()));
    }

    private void PrintApplied(ulong id)
    {
        var node = Node(id);
        output.Add($"applied through {node.AppliedIndex}: [{string.Join(' ', node.Applied)}]");
    }
}
