using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Scheduler;

/// <summary>Log text of the snapshot and log-compaction path (kept in its own file so it merges apart from the rest).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Log compacted: {RelocatedGroups} groups relocated ({RelocatedBytes} bytes), head {OldBegin} -> {NewBegin} (pinned by {PinnedBy}); log now {LogBytes} bytes")]
    public static partial void LogCompacted(ILogger logger, int relocatedGroups, long relocatedBytes, long oldBegin, long newBegin, string pinnedBy, long logBytes);
}
