using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Node.Transport;

public sealed partial class PeerServiceHandlers
{
    /// <summary>
    /// Receives one snapshot into the assembler's chunk sink (<see cref="SnapshotReceive"/>), which checks
    /// the declaration and every chunk, spills the bytes to disk, verifies length and CRC-32C, and stages
    /// the file for the MSG_SNAP that follows on the Raft stream. A transfer that stalls is dropped after
    /// the idle timeout. Every refusal ends the call with a status naming the field.
    /// </summary>
    public override async Task<InstallSnapshotReply> InstallSnapshot(IAsyncStreamReader<SnapshotChunk> requestStream, ServerCallContext context)
    {
        try
        {
            var certified = Security.CallAuthorizer.CallerOf(context)?.NodeId ?? 0;
            var headers = context.RequestHeaders;
            using var receive = _assembler.BeginReceive(_localNodeId, headers.GetValue(SnapshotHeaders.Length), headers.GetValue(SnapshotHeaders.Crc32C));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, receive.IdleToken);
            try
            {
                while (await requestStream.MoveNext(stop.Token).ConfigureAwait(false))
                {
                    CheckSender(requestStream.Current.From, certified);
                    receive.Append(requestStream.Current);
                }
            }
            catch (OperationCanceledException) when (receive.IdleToken.IsCancellationRequested)
            {
                throw receive.Idle();
            }

            var reply = receive.Complete();
            _metrics.SnapshotReceived();
            var key = receive.Key!.Value;
            TransportLog.SnapshotReceived(_logger, key.GroupId, key.FromNode, (long)reply.BytesReceived, key.Index);
            return reply;
        }
        catch (SnapshotRefusedException refused)
        {
            TransportLog.SnapshotRefused(_logger, refused.FromNode, refused.Message);
            throw new RpcException(new Status(StatusOf(refused.Refusal), refused.Message));
        }
    }

    private static StatusCode StatusOf(SnapshotRefusal refusal) => refusal switch
    {
        SnapshotRefusal.InvalidArgument => StatusCode.InvalidArgument,
        SnapshotRefusal.ResourceExhausted => StatusCode.ResourceExhausted,
        SnapshotRefusal.FailedPrecondition => StatusCode.FailedPrecondition,
        SnapshotRefusal.DataLoss => StatusCode.DataLoss,
        SnapshotRefusal.DeadlineExceeded => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };
}
