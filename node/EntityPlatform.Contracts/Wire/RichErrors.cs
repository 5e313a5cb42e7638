using System.Globalization;
using EntityPlatform.Grpc.Api.V1;
using Google.Rpc;
using Grpc.Core;
using GrpcStatus = Grpc.Core.Status;

namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// Builds and reads the errors a node returns: the status code and message (the contract), the
/// <c>ep-leader-hint</c> trailer (kept for older clients), and a google.rpc.Status in
/// <c>grpc-status-details-bin</c> with an ErrorInfo reason and, for leadership errors, a typed LeaderHint.
/// The reason is also sent as the <c>ep-error-reason</c> trailer (kept from the session contract).
/// </summary>
public static class RichErrors
{
    public static RpcException Create(StatusCode code, string message, string reason, LeaderHint? hint = null, Metadata? trailers = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        var info = new ErrorInfo { Reason = reason, Domain = ApiMetadata.ErrorDomain };
        foreach (var (key, value) in details ?? new Dictionary<string, string>())
        {
            info.Metadata[key] = value;
        }

        if (hint is not null)
        {
            info.Metadata["leader_node_id"] = hint.NodeId.ToString(CultureInfo.InvariantCulture);
        }

        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(info));
        if (hint is not null)
        {
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(hint));
        }

        var all = trailers ?? [];
        if (hint is not null && all.Get(ApiMetadata.LeaderHint) is null)
        {
            all.Add(ApiMetadata.LeaderHint, hint.NodeId == 0 ? "" : $"{hint.NodeId}@{hint.Address}");
        }

        if (all.Get(ApiMetadata.ErrorReason) is null)
        {
            all.Add(ApiMetadata.ErrorReason, reason);
        }

        all.Add("grpc-status-details-bin", Google.Protobuf.MessageExtensions.ToByteArray(status));
        return new RpcException(new GrpcStatus(code, message), all, message);
    }

    /// <summary>The ErrorInfo reason of a failed call, or null when the server attached none.</summary>
    public static string? ReasonOf(RpcException error) => error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>The reason of a failed call: the ErrorInfo reason, else the <c>ep-error-reason</c> trailer, else null.</summary>
    public static string? AnyReasonOf(RpcException error) => ReasonOf(error) ?? error.Trailers.GetValue(ApiMetadata.ErrorReason);

    /// <summary>The typed leader hint of a failed call, or null when the server attached none.</summary>
    public static LeaderHint? LeaderHintOf(RpcException error) => error.GetRpcStatus()?.GetDetail<LeaderHint>();

    /// <summary>One ErrorInfo metadata value of a failed call (for instance Subscribe's oldest_offset), or null.</summary>
    public static string? DetailOf(RpcException error, string key) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata.TryGetValue(key, out var value) == true ? value : null;
}
