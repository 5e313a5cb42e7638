using System.Text;

namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// A message between replicas of one group (or a local input to one replica). Field meanings follow
/// etcd's raftpb.Message: for App, (LogTerm, Index) identify the entry before <see cref="Entries"/>; for
/// AppResp, Index is the match index or, when Reject is set, the rejected index with RejectHint the
/// follower's hint; for votes, (LogTerm, Index) are the candidate's last entry; on a rejected vote or
/// pre-vote response, (LogTerm, Index), when set, name the newest entry the rejecter knows is committed at
/// or below the candidate's last index (a candidate holding that entry may commit up to it). On a
/// Heartbeat, Commit is the part of the leader's commit index the follower may adopt (never past what it is
/// known to match), RejectHint the leader's own commit index, and Index the leader tick it was sent at.
/// Messages are immutable once built.
/// </summary>
public sealed record Message
{
    /// <summary>The Raft group (shard) this message belongs to; lets one stream carry many groups.</summary>
    public ulong GroupId { get; init; }
    public MessageType Type { get; init; }
    public ulong From { get; init; }
    public ulong To { get; init; }
    public ulong Term { get; init; }
    public ulong LogTerm { get; init; }
    public ulong Index { get; init; }
    public Entry[] Entries { get; init; } = [];
    public ulong Commit { get; init; }
    public bool Reject { get; init; }
    public ulong RejectHint { get; init; }

    /// <summary>
    /// A number that ties a reply to its request: the read-request id for ReadIndex traffic and for the
    /// heartbeats that confirm it, and 1 on a vote sent to force an election after a leadership transfer.
    /// </summary>
    public ulong Context { get; init; }

    /// <summary>The snapshot carried by a Snap message.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>On a Heartbeat: the leader is going idle, so the follower may stop its election clock.</summary>
    public bool Quiesce { get; init; }

    /// <summary>Canonical text form used in transcripts, for example <c>1->2 App Term:2 Log:1/3 Commit:3 Entries:[2/4 EntryNormal]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(From).Append("->").Append(To).Append(' ').Append(Type).Append(" Term:").Append(Term);
        if (Type is MessageType.App or MessageType.Vote or MessageType.PreVote or MessageType.Prop || LogTerm != 0)
        {
            text.Append(" Log:").Append(LogTerm).Append('/').Append(Index);
        }
        else if (Index != 0)
        {
            text.Append(" Index:").Append(Index);
        }

        if (Commit != 0)
        {
            text.Append(" Commit:").Append(Commit);
        }

        if (Reject)
        {
            text.Append(" Rejected (Hint: ").Append(RejectHint).Append(')');
        }
        else if (Type == MessageType.Heartbeat && RejectHint != Commit)
        {
            // Shown only when the follower lags, to keep ordinary heartbeats short.
            text.Append(" LeaderCommit:").Append(RejectHint);
        }

        if (Context != 0)
        {
            text.Append(" Context:").Append(Context);
        }

        if (Quiesce)
        {
            text.Append(" Quiesce");
        }

        if (Entries.Length > 0)
        {
            text.Append(" Entries:[").AppendJoin(", ", Entries).Append(']');
        }

        if (Snapshot is { } snapshot)
        {
            text.Append(' ').Append(snapshot);
        }

        return text.ToString();
    }
}
