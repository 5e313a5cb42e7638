using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Scheduler;

/// <summary>Log text of the node-level failure detector (kept in its own file so it merges apart from the rest).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Peer} is suspect: nothing heard from it for {Ticks} ticks; waking the {Groups} quiesced groups it leads here")]
    public static partial void PeerSuspect(ILogger logger, ulong peer, int ticks, int groups);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Peer} is heard from again")]
    public static partial void PeerRecovered(ILogger logger, ulong peer);
}
