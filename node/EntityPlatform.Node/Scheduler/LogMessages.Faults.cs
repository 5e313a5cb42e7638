using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Scheduler;

/// <summary>Log text of replica faults and dropped peer messages (its own file so it merges apart from the rest).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard}: replica on node {NodeId} is FAULTED ({Kind}) and stopped; the node's other replicas go on. Reason: {Reason}")]
    public static partial void ReplicaFaulted(ILogger logger, Exception? error, string shard, ulong nodeId, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a Raft message from node {FromNode}: {Reason} ({Suppressed} more dropped from that node since the last such line)")]
    public static partial void PeerMessageDropped(ILogger logger, ulong fromNode, string reason, long suppressed);
}
