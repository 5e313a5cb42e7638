using Microsoft.Extensions.Logging;

namespace EntityPlatform.Grpc.Server;

/// <summary>Log text of the server side, kept apart from the logic.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC handler for {Method} threw; the client gets UNKNOWN.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Could not complete {Method} at its deadline (the client probably reset the stream).")]
    public static partial void DeadlineCompletionFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Rejected a request to {Path}: {Reason}")]
    public static partial void Rejected(ILogger logger, string path, string reason);
}
