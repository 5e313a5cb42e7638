using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Security;

/// <summary>Log lines of refused calls: the method, who (an identity, never a credential) and why.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "refused {Method}: not authenticated; {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "refused {Method} for {Caller}: permission denied")]
    public static partial void Denied(ILogger logger, string method, string caller);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "refused a peer frame: its sender is node {Declared} but the certificate names node {Certified}")]
    public static partial void ForgedSender(ILogger logger, ulong declared, ulong certified);
}
