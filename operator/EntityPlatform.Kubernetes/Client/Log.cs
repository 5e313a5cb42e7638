using Microsoft.Extensions.Logging;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>Log text of the client, kept away from the logic.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Method} {Uri} after a transport failure (attempt {Attempt}): {Reason}")]
    public static partial void RetryingTransport(ILogger logger, HttpMethod method, Uri? uri, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Method} {Uri} after HTTP {Status} (attempt {Attempt})")]
    public static partial void RetryingStatus(ILogger logger, HttpMethod method, Uri? uri, int status, int attempt);
}
