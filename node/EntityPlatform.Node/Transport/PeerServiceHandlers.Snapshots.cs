using System.Globalization;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Node.Transport;

public sealed partial class PeerServiceHandlers
{
    /// <summary>
    /// Receives one snapshot: checks the declared length against the limit, reserves a transfer slot,
    /// fills the buffer chunk by chunk in offset order, verifies length and CRC-32C, then stages the bytes
    /// for the MSG_SNAP that follows on the Raft stream. Bad input ends the call with a status naming the field.
    /// </summary>
    public override async Task<InstallSnapshotReply> InstallSnapshot(IAsyncStreamReader<SnapshotChunk> requestStream, ServerCallContext context)
    {
        var (lengthBytes, crc) = ReadDeclaration(context);
        if (!_assembler.TryBeginTransfer())
        {
            throw Refuse(StatusCode.ResourceExhausted, $"{_assembler.Options.MaxConcurrentTransfers} snapshot transfers are already in progress; retry later", 0);
        }

        try
        {
            var transfer = await ReceiveAsync(requestStream, lengthBytes, crc, context.CancellationToken).ConfigureAwait(false);
            if (transfer.Verify() is { } mismatch)
            {
                throw Refuse(StatusCode.DataLoss, mismatch, transfer.Key.FromNode);
            }

            _assembler.Stage(transfer.Key, transfer.Data);
            _metrics.SnapshotReceived();
            TransportLog.SnapshotReceived(_logger, transfer.Key.GroupId, transfer.Key.FromNode, lengthBytes, transfer.Key.Index);
            return new InstallSnapshotReply { BytesReceived = (ulong)transfer.ReceivedBytes, Installed = true };
        }
        finally
        {
            _assembler.EndTransfer();
        }
    }

    private async Task<SnapshotTransfer> ReceiveAsync(IAsyncStreamReader<SnapshotChunk> chunks, int lengthBytes, uint crc, CancellationToken cancellationToken)
    {
        SnapshotTransfer? transfer = null;
        while (await chunks.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var chunk = chunks.Current;
            transfer ??= Begin(chunk, lengthBytes, crc);
            if (transfer.Append(chunk) is { } error)
            {
                throw Refuse(StatusCode.InvalidArgument, error, chunk.From);
            }
        }

        if (transfer is not { Complete: true })
        {
            throw Refuse(StatusCode.InvalidArgument, "InstallSnapshot ended before a SnapshotChunk with last = true", transfer?.Key.FromNode ?? 0);
        }

        return transfer;
    }

    private SnapshotTransfer Begin(SnapshotChunk first, int lengthBytes, uint crc)
    {
        if (first.To != _localNodeId)
        {
            throw Refuse(StatusCode.FailedPrecondition, $"SnapshotChunk.to is {first.To} but this is node {_localNodeId}; the sender's peer directory is stale", first.From);
        }

        if (first.From == 0 || first.From == _localNodeId || first.GroupId == 0)
        {
            throw Refuse(StatusCode.InvalidArgument, $"SnapshotChunk.from ({first.From}) must be another node and SnapshotChunk.group_id ({first.GroupId}) must be >= 1", first.From);
        }

        if (first.Metadata is null)
        {
            throw Refuse(StatusCode.InvalidArgument, "SnapshotChunk.metadata is missing", first.From);
        }

        if (!RaftMessageMapper.TryFromProto(first.Metadata, "SnapshotChunk.metadata", out var metadata, out var error))
        {
            throw Refuse(StatusCode.InvalidArgument, error, first.From);
        }

        return new SnapshotTransfer(new SnapshotKey(first.GroupId, first.From, metadata.Index, metadata.Term), first, lengthBytes, crc);
    }

    private (int LengthBytes, uint Crc) ReadDeclaration(ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        if (!long.TryParse(headers.GetValue(SnapshotHeaders.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw Refuse(StatusCode.InvalidArgument, $"request metadata {SnapshotHeaders.Length} is missing or not a decimal byte count", 0);
        }

        if (length > _assembler.Options.MaxSnapshotBytes)
        {
            throw Refuse(StatusCode.ResourceExhausted, $"{SnapshotHeaders.Length} is {length}; this node accepts snapshots of at most {_assembler.Options.MaxSnapshotBytes} bytes", 0);
        }

        if (!uint.TryParse(headers.GetValue(SnapshotHeaders.Crc32C), NumberStyles.None, CultureInfo.InvariantCulture, out var crc))
        {
            throw Refuse(StatusCode.InvalidArgument, $"request metadata {SnapshotHeaders.Crc32C} is missing or not a decimal 32-bit number", 0);
        }

        return ((int)length, crc);
    }

    private RpcException Refuse(StatusCode code, string error, ulong fromNode)
    {
        TransportLog.SnapshotRefused(_logger, fromNode, error);
        return new RpcException(new Status(code, error));
    }
}
