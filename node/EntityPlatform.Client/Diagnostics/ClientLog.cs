using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Client.Diagnostics;

/// <summary>Every log line of the SDK, as source-generated structured messages (no formatting cost when disabled).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "Leader map refreshed ({Reason}): {Answered}/{Asked} nodes answered, {Changed} shard leaders changed")]
    public static partial void TopologyRefreshed(ILogger logger, string reason, int answered, int asked, int changed);

    [LoggerMessage(2, LogLevel.Debug, "Topology call to {Endpoint} failed: {StatusCode} {Detail}")]
    public static partial void TopologyFailed(ILogger logger, Uri endpoint, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "{Method} {EntityType}/{EntityId}: attempt {Attempt} at {Endpoint} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string method, string entityType, string entityId, int attempt, Uri? endpoint, string reason, double delayMs);

    [LoggerMessage(4, LogLevel.Debug, "Shard {Shard}: following the leader hint to node {NodeId} at {Endpoint}")]
    public static partial void FollowingHint(ILogger logger, string shard, ulong nodeId, Uri endpoint);

    [LoggerMessage(5, LogLevel.Warning, "Circuit to {Endpoint} opened for {BreakDuration}: {Error}")]
    public static partial void BreakerOpened(ILogger logger, Uri endpoint, TimeSpan breakDuration, string error);

    [LoggerMessage(6, LogLevel.Information, "Circuit to {Endpoint} half-open: the next call probes the node")]
    public static partial void BreakerHalfOpened(ILogger logger, Uri endpoint);

    [LoggerMessage(7, LogLevel.Information, "Circuit to {Endpoint} closed: the node answers again")]
    public static partial void BreakerClosed(ILogger logger, Uri endpoint);

    [LoggerMessage(8, LogLevel.Information, "{Method} {EntityType}/{EntityId} failed after {Attempts} attempts: {StatusCode} {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, string entityType, string entityId, int attempts, StatusCode statusCode, string detail);

    [LoggerMessage(9, LogLevel.Information, "EntityPlatform client {SessionId} started with seeds {Seeds}")]
    public static partial void Started(ILogger logger, Guid sessionId, string seeds);

    [LoggerMessage(10, LogLevel.Debug, "{Method} {EntityType}/{EntityId}: no answer from {Endpoint} after {DelayMs} ms; hedging to {HedgeEndpoint}")]
    public static partial void Hedging(ILogger logger, string method, string entityType, string entityId, Uri endpoint, double delayMs, Uri hedgeEndpoint);

    [LoggerMessage(11, LogLevel.Debug, "topology watch of {Endpoint} ended after {Answers} answers: {Why}")]
    public static partial void WatchEnded(ILogger logger, Uri endpoint, int answers, string why);

    [LoggerMessage(12, LogLevel.Debug, "topology watch of {Endpoint}: {Changed} shards changed leader")]
    public static partial void WatchChanged(ILogger logger, Uri endpoint, int changed);
}
