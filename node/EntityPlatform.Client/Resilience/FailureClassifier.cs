using System.Net.Http;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Resilience;

/// <summary>
/// The one place that decides what is retryable. Commands are idempotent here because every one carries a
/// (session, request id) that the server deduplicates, and queries are read-only, so a timed-out attempt
/// may be repeated. A business rejection is not an error at all (it is a reply), and INVALID_ARGUMENT,
/// NOT_FOUND or FAILED_PRECONDITION would only fail again.
/// </summary>
internal static class FailureClassifier
{
    public static FailureKind Classify(Exception error, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested)
        {
            return FailureKind.Cancelled;
        }

        return error switch
        {
            BrokenCircuitException => FailureKind.CircuitOpen,
            RpcException call => Classify(call),
            OperationCanceledException => FailureKind.AttemptTimeout,
            HttpRequestException or IOException => FailureKind.Unreachable,
            _ => FailureKind.Fatal,
        };
    }

    public static bool IsRetryable(FailureKind kind) => kind is not (FailureKind.Fatal or FailureKind.Cancelled);

    /// <summary>Failures that say something about the node (not the shard or the request): they feed its circuit breaker.</summary>
    public static bool IsNodeFailure(FailureKind kind) => kind is FailureKind.Unreachable or FailureKind.AttemptTimeout;

    private static FailureKind Classify(RpcException error) => error.StatusCode switch
    {
        // The hint key is present (even empty) only when a live node answered "not the leader", or that it
        // forwarded the call to the leader and the leader did not answer (reason LEADER_UNREACHABLE).
        StatusCode.Unavailable when error.Trailers.Get(ApiMetadata.LeaderHint) is not null => FailureKind.NotLeader,
        StatusCode.Unavailable => FailureKind.Unreachable,
        StatusCode.DeadlineExceeded => FailureKind.AttemptTimeout,
        StatusCode.ResourceExhausted => FailureKind.Overloaded,
        // The server did not cancel anything we asked for: a reset stream means the node is going away.
        StatusCode.Cancelled => FailureKind.Unreachable,
        // A connection torn mid-response surfaces as INTERNAL/UNKNOWN with the transport error inside
        // (grpc-dotnet keeps it in Status.DebugException).
        StatusCode.Internal or StatusCode.Unknown when IsTransportError(error.Status.DebugException ?? error.InnerException) => FailureKind.Unreachable,
        _ => FailureKind.Fatal,
    };

    private static bool IsTransportError(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is HttpRequestException or IOException or HttpProtocolException)
            {
                return true;
            }
        }

        return false;
    }
}
