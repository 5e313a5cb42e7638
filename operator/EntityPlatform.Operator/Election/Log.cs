using Microsoft.Extensions.Logging;

namespace EntityPlatform.Operator.Election;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Identity} became leader (Lease {Namespace}/{Name})")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(2, LogLevel.Warning, "{Identity} lost Lease {Name}; reconciling stopped")]
    public static partial void Lost(ILogger logger, string identity, string name);

    [LoggerMessage(3, LogLevel.Debug, "Lease {Name}: attempt failed: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string name, string reason);
}
