namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// Every message a group handles. The first block travels between replicas; the second block is local:
/// the core makes those for itself, and <see cref="MessageValidator"/> refuses them from the network.
/// </summary>
public enum MessageType : byte
{
    // Wire messages.
    Prop = 0,
    App = 1,
    AppResp = 2,
    Vote = 3,
    VoteResp = 4,
    PreVote = 5,
    PreVoteResp = 6,
    Heartbeat = 7,
    HeartbeatResp = 8,
    Snap = 9,
    TransferLeader = 10,
    TimeoutNow = 11,
    ReadIndex = 12,
    ReadIndexResp = 13,

    // Local messages.
    Hup = 32,
    Beat = 33,
    CheckQuorum = 34,
    Unreachable = 35,
    SnapStatus = 36,
}

/// <summary>Classification helpers for <see cref="MessageType"/>.</summary>
public static class MessageTypes
{
    public static bool IsLocal(this MessageType type) => type >= MessageType.Hup;

    public static bool IsResponse(this MessageType type) => type is
        MessageType.AppResp or MessageType.VoteResp or MessageType.PreVoteResp or
        MessageType.HeartbeatResp or MessageType.ReadIndexResp;

    public static bool IsDefined(this MessageType type) => type <= MessageType.ReadIndexResp ||
        (type >= MessageType.Hup && type <= MessageType.SnapStatus);

    /// <summary>The response type a vote request expects.</summary>
    public static MessageType VoteResponse(this MessageType type) => type switch
    {
        MessageType.Vote => MessageType.VoteResp,
        MessageType.PreVote => MessageType.PreVoteResp,
        _ => throw new InvariantViolationException($"{type} is not a vote request"),
    };
}
