using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Api;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC call {Method} failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, string method, Exception error);
}
