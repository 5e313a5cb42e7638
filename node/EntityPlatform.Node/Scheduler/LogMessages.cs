using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Scheduler;

/// <summary>The scheduler's log text, kept apart from its logic.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "The multi-Raft loop stopped on an unexpected error")]
    public static partial void LoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed Raft message from node {FromNode}: {Reason}")]
    public static partial void MalformedMessage(ILogger logger, ulong fromNode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard}: node {NodeId} is now {Role} in term {Term} (leader {Leader})")]
    public static partial void RoleChanged(ILogger logger, string shard, ulong nodeId, string role, ulong term, ulong leader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard}: membership is now {ConfState}")]
    public static partial void MembershipChanged(ILogger logger, string shard, string confState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard}: snapshot at index {Index} ({Bytes} bytes), log compacted to {CompactedTo}")]
    public static partial void SnapshotTaken(ILogger logger, string shard, ulong index, long bytes, ulong compactedTo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard}: membership change refused: {Reason}")]
    public static partial void MembershipChangeRefused(ILogger logger, string shard, string reason);
}
