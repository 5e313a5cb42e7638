using Microsoft.Extensions.Logging;

namespace EntityPlatform.Projections.Diagnostics;

/// <summary>The host's log lines, kept apart from the logic.</summary>
internal static partial class ProjectionLog
{
    [LoggerMessage(1, LogLevel.Information, "Projection {Projection} starts from checkpoints {Checkpoints}")]
    public static partial void Starting(ILogger logger, string projection, string checkpoints);

    [LoggerMessage(2, LogLevel.Warning, "Projection {Projection}: batch of {Events} events failed on try {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms")]
    public static partial void BatchFailed(ILogger logger, string projection, int events, int attempt, int maxAttempts, long delayMs, Exception error);

    [LoggerMessage(3, LogLevel.Warning, "Projection {Projection}: event stream failed ({Failures} in a row); resubscribing in {DelayMs} ms")]
    public static partial void SourceFailed(ILogger logger, string projection, int failures, long delayMs, Exception error);

    [LoggerMessage(4, LogLevel.Warning, "Projection {Projection}: stored checkpoints moved under this host; reloading them")]
    public static partial void Conflict(ILogger logger, string projection, Exception error);

    [LoggerMessage(5, LogLevel.Error, "Projection {Projection}: poison event shard {ShardId} offset {Offset} (entity '{EntityId}') recorded as a dead letter and skipped")]
    public static partial void DeadLettered(ILogger logger, string projection, uint shardId, ulong offset, string entityId, Exception error);

    [LoggerMessage(6, LogLevel.Error, "Projection {Projection}: poison event shard {ShardId} offset {Offset} (entity '{EntityId}'); stopping")]
    public static partial void Poisoned(ILogger logger, string projection, uint shardId, ulong offset, string entityId, Exception error);

    [LoggerMessage(7, LogLevel.Information, "Projection {Projection}: isolating a failed batch of {Events} events one event at a time")]
    public static partial void Isolating(ILogger logger, string projection, int events);

    [LoggerMessage(8, LogLevel.Warning, "Projection {Projection}: the event source did not stop within {TimeoutMs} ms of cancellation; leaving it behind")]
    public static partial void ReaderAbandoned(ILogger logger, string projection, long timeoutMs);
}
