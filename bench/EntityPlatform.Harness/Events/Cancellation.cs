using Grpc.Core;

namespace EntityPlatform.Harness.Events;

/// <summary>A stream ended by our own cancellation: .NET's exception, or gRPC's CANCELLED status (etcd's Watch call).</summary>
public static class Cancellation
{
    public static bool IsCancellation(Exception error) =>
        error is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };
}
