using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Server;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The server side of PeerService: where a Raft message from another node enters this node. The Raft
/// stream maps and validates each message and posts batches to the scheduler's inbox; InstallSnapshot
/// assembles chunks (see PeerServiceHandlers.Snapshots.cs). Handlers only throw GrpcCallException.
/// </summary>
public sealed partial class PeerServiceHandlers
{
    private readonly SnapshotAssembler _assembler;
    private readonly ulong _localNodeId;
    private readonly TransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IRaftInbox _inbox;

    private PeerServiceHandlers(IRaftInbox inbox, SnapshotAssembler assembler, ulong localNodeId, TransportMetrics metrics, ILogger logger)
    {
        _inbox = inbox;
        _assembler = assembler;
        _localNodeId = localNodeId;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Binds PeerService.Raft and PeerService.InstallSnapshot for node <paramref name="localNodeId"/>.</summary>
    public static GrpcServiceRegistry Register(
        GrpcServiceRegistry registry,
        IRaftInbox inbox,
        SnapshotAssembler assembler,
        ulong localNodeId,
        TransportMetrics? metrics = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(assembler);
        ArgumentOutOfRangeException.ThrowIfZero(localNodeId);
        var handlers = new PeerServiceHandlers(inbox, assembler, localNodeId, metrics ?? new TransportMetrics(), logger ?? NullLogger.Instance);
        return registry
            .DuplexStreaming(PeerApi.Raft, handlers.RaftAsync)
            .ClientStreaming(PeerApi.InstallSnapshot, handlers.InstallSnapshotAsync);
    }

    /// <summary>
    /// Reads batches until the sender ends the stream, or until this server stops: then the call ends with
    /// OK at once, so shutdown does not wait out Kestrel's grace period and the sender redials elsewhere.
    /// A misaddressed batch ends the stream with FAILED_PRECONDITION naming the field.
    /// </summary>
    private async Task RaftAsync(IStreamReader<RaftBatch> requests, IStreamWriter<RaftBatch> responses, ServerCallContext context)
    {
        var processor = new InboundBatchProcessor(_inbox, _assembler, _localNodeId, _metrics, _logger);
        var stopping = context.HttpContext.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        try
        {
            while (await requests.MoveNextAsync(ending.Token).ConfigureAwait(false))
            {
                if (processor.Process(requests.Current) is { } error)
                {
                    TransportLog.BatchRefused(_logger, requests.Current.FromNode, error);
                    throw new GrpcCallException(StatusCode.FailedPrecondition, error);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The server is stopping: end the call normally.
        }
    }
}
