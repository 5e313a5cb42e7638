using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    private void ApplyConfChange(ShardReplica replica, Entry entry)
    {
        if (!ConfChangeCodec.TryDecode(entry.Data.Span, out var change, out var error))
        {
            // Every replica decodes the same bytes; an undecodable committed change means corruption or a bug.
            Invariant.Unreachable($"shard {replica.Shard} committed an undecodable conf change at {entry.Index}: {error}");
        }

        replica.ConfState = replica.Raft.ApplyConfChange(change);
        LogMessages.MembershipChanged(logger, replica.Shard.ToString(), replica.ConfState.ToString());
        if (change.Changes.Any(single => single.Type == ConfChangeType.AddLearnerNode))
        {
            // A new replica learns the membership only from a snapshot that already includes it: the founding
            // membership is not in the log, so log entries from index 1 would leave it with none. Every
            // replica (not just the current leader) snapshots and compacts here, so whichever replica leads
            // next has no log back to index 1 and must send the new replica a snapshot.
            ScheduleSnapshot(replica, compactAll: true);
        }
    }
}
