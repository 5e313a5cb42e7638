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
        if (replica.IsLeader && change.Changes.Any(single => single.Type == ConfChangeType.AddLearnerNode))
        {
            // A new replica learns the membership only from a snapshot that already includes it, so the
            // leader snapshots right after adding a learner; the learner's first probe then needs it.
            ScheduleSnapshot(replica, compactAll: true);
        }
    }
}
