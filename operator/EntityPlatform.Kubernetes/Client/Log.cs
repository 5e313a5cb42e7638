using Microsoft.Extensions.Logging;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>Log text of the client, kept away from the logic.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Operation} after a transport failure (attempt {Attempt}): {Reason}")]
    public static partial void RetryingTransport(ILogger logger, string operation, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Operation} after HTTP {Status} (attempt {Attempt})")]
    public static partial void RetryingStatus(ILogger logger, string operation, int status, int attempt);
}
