using Microsoft.Extensions.Logging;

namespace EntityPlatform.Kubernetes.Watching;

/// <summary>Log text of the informer loop.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Kind}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string kind, int count, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} from resourceVersion {ResourceVersion} is gone (410); relisting: {Reason}")]
    public static partial void Gone(ILogger logger, string kind, string? resourceVersion, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} from resourceVersion {ResourceVersion} is ahead of the server (504 too large resource version); relisting: {Reason}")]
    public static partial void TooLarge(ILogger logger, string kind, string? resourceVersion, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} went quiet; restarting it: {Reason}")]
    public static partial void Idle(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List+watch of {Kind} failed; retrying after a backoff")]
    public static partial void Failed(ILogger logger, string kind, Exception error);
}
