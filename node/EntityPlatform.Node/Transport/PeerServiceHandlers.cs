using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The server side of PeerService: where a Raft message from another node enters this node. The Raft
/// stream maps and validates each message and posts batches to the scheduler's inbox; InstallSnapshot
/// assembles chunks (see PeerServiceHandlers.Snapshots.cs). Handlers only throw RpcException. Served on the internal port only.
/// </summary>
public sealed partial class PeerServiceHandlers : PeerService.PeerServiceBase
{
    private readonly SnapshotAssembler _assembler;
    private readonly ulong _localNodeId;
    private readonly TransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IRaftInbox _inbox;

    /// <summary>Serves PeerService.Raft and PeerService.InstallSnapshot for node <paramref name="localNodeId"/>.</summary>
    public PeerServiceHandlers(IRaftInbox inbox, SnapshotAssembler assembler, ulong localNodeId, TransportMetrics? metrics = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(assembler);
        ArgumentOutOfRangeException.ThrowIfZero(localNodeId);
        _inbox = inbox;
        _assembler = assembler;
        _localNodeId = localNodeId;
        _metrics = metrics ?? new TransportMetrics();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Reads batches until the sender ends the stream, or until this server stops: then the call ends with
    /// OK at once, so shutdown does not wait out Kestrel's grace period and the sender redials elsewhere.
    /// A misaddressed batch ends the stream with FAILED_PRECONDITION naming the field.
    /// </summary>
    public override async Task Raft(IAsyncStreamReader<RaftBatch> requestStream, IServerStreamWriter<RaftBatch> responseStream, ServerCallContext context)
    {
        var processor = new InboundBatchProcessor(_inbox, _assembler, _localNodeId, _metrics, _logger);
        var stopping = context.GetHttpContext().RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        var certified = Security.CallAuthorizer.CallerOf(context)?.NodeId ?? 0;
        try
        {
            while (await requestStream.MoveNext(ending.Token).ConfigureAwait(false))
            {
                CheckSender(requestStream.Current.FromNode, certified);
                if (processor.Process(requestStream.Current) is { } error)
                {
                    TransportLog.BatchRefused(_logger, requestStream.Current.FromNode, error);
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, error));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The server is stopping: end the call normally.
        }
    }

    /// <summary>
    /// With TLS, a frame's declared sender must be the node its certificate names (<paramref name="certified"/>;
    /// 0 when the node runs without TLS): otherwise the call ends with PERMISSION_DENIED and is counted.
    /// </summary>
    private void CheckSender(ulong declared, ulong certified)
    {
        if (certified != 0 && declared != certified)
        {
            _metrics.RefusedForgedSender();
            Security.SecurityLog.ForgedSender(_logger, declared, certified);
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"the frame declares sender node {declared} but this connection's certificate names node {certified}; a node speaks only for itself"));
        }
    }
}
