using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>The transport's log text, kept away from the logic.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Raft stream to node {Node} at {Endpoint} is open")]
    public static partial void StreamOpened(ILogger logger, ulong node, Uri endpoint);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Raft stream to node {Node} failed ({Reason}); {Dropped} messages lost, redialling in {DelayMs} ms")]
    public static partial void StreamFailed(ILogger logger, ulong node, string reason, int dropped, long delayMs);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Node {Node} has no endpoint in the peer directory; redialling in {DelayMs} ms")]
    public static partial void NoEndpoint(ILogger logger, ulong node, long delayMs);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Dropped a {Type} message of group {Group} to node {Node}: {Bytes} bytes exceed the {LimitBytes}-byte frame limit")]
    public static partial void Oversize(ILogger logger, string type, ulong group, ulong node, int bytes, int limitBytes);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Dropped an invalid message from node {Node}: {Error}")]
    public static partial void InvalidMessage(ILogger logger, ulong node, string error);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Refused a Raft batch from node {Node}: {Error}")]
    public static partial void BatchRefused(ILogger logger, ulong node, string error);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Debug, Message = "Inbox refused a batch of {Count} messages from node {Node} (scheduler overloaded)")]
    public static partial void InboxFull(ILogger logger, ulong node, int count);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Snapshot of group {Group} ({Bytes} bytes, index {Index}) uploaded to node {Node} in {Chunks} chunks")]
    public static partial void SnapshotUploaded(ILogger logger, ulong group, long bytes, ulong index, ulong node, int chunks);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Snapshot of group {Group} to node {Node} failed: {Reason}")]
    public static partial void SnapshotUploadFailed(ILogger logger, ulong group, ulong node, string reason);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Received snapshot of group {Group} from node {Node}: {Bytes} bytes, index {Index}")]
    public static partial void SnapshotReceived(ILogger logger, ulong group, ulong node, long bytes, ulong index);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Refused a snapshot transfer from node {Node}: {Error}")]
    public static partial void SnapshotRefused(ILogger logger, ulong node, string error);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Error, Message = "A transport event handler for node {Node} threw")]
    public static partial void HandlerFailed(ILogger logger, ulong node, Exception exception);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Debug, Message = "Dropped {Count} messages for node {Node}: the transport is shut down")]
    public static partial void SendAfterDispose(ILogger logger, ulong node, int count);
}
