using System.Collections.Concurrent;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Support;

/// <summary>
/// One "node" of a transport test: a real Kestrel h2c server on 127.0.0.1 serving PeerService into a
/// <see cref="RecordingInbox"/>, and a <see cref="GrpcPeerTransport"/> that sends to the other nodes
/// through a shared <see cref="PeerDirectory"/>. The server can be stopped and restarted on the same port.
/// </summary>
public sealed class TransportNode : IAsyncDisposable
{
    private GrpcServer? _server;

    private TransportNode(ulong nodeId, PeerDirectory directory, PeerTransportOptions? options, SnapshotAssemblerOptions? assemblerOptions)
    {
        NodeId = nodeId;
        Directory = directory;
        Assembler = new SnapshotAssembler(assemblerOptions);
        Transport = new GrpcPeerTransport(nodeId, directory, options, inbox: Inbox);
        Transport.PeerUnreachable += node => Unreachable.Enqueue(node);
        Transport.SnapshotSent += (node, group, failed) => SnapshotsDone.Enqueue((node, group, failed));
    }

    public ulong NodeId { get; }
    public PeerDirectory Directory { get; }
    public RecordingInbox Inbox { get; } = new();
    public SnapshotAssembler Assembler { get; }
    public TransportMetrics ServerMetrics { get; } = new();
    public GrpcPeerTransport Transport { get; }
    public ConcurrentQueue<ulong> Unreachable { get; } = new();
    public ConcurrentQueue<(ulong Node, ulong Group, bool Failed)> SnapshotsDone { get; } = new();
    public int Port { get; private set; }

    public static async Task<TransportNode> StartAsync(ulong nodeId, PeerDirectory directory, PeerTransportOptions? options = null, SnapshotAssemblerOptions? assemblerOptions = null)
    {
        var node = new TransportNode(nodeId, directory, options, assemblerOptions);
        try
        {
            await node.StartServerAsync(port: 0);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (port 0: a free one) and publishes its address in the directory.</summary>
    public async Task StartServerAsync(int port)
    {
        _server = await PeerServer.StartAsync(new PeerServiceHandlers(Inbox, Assembler, NodeId, ServerMetrics), port);
        Port = _server.Ports[0];
        Directory.Set(NodeId, _server.AddressOf(0));
    }

    public async Task StopServerAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        await StopServerAsync();
        ServerMetrics.Dispose();
    }
}
