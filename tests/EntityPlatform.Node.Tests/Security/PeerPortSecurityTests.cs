using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Security;
using EntityPlatform.Node.Transport;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>
/// Issue 15, proof 1: on the internal port only a node certificate of the cluster opens a Raft stream or
/// installs a snapshot, and only as the node it names: a forged sender is refused and counted.
/// </summary>
public sealed class PeerPortSecurityTests : IAsyncLifetime
{
    private SecureNode _node = null!;

    public async Task InitializeAsync() => _node = await SecureNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task A_peer_without_a_certificate_cannot_open_a_raft_stream()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, certificate: null));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => OpenAndSendAsync(peer, fromNode: 2));

        AssertRefusedAtHandshake(error);
        Assert.Equal(0, _node.Host.TransportMetrics.BatchesReceived);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_peer_with_a_certificate_of_another_ca_cannot_open_a_raft_stream()
    {
        using var otherCa = DevelopmentCertificateAuthority.Create(SecureNode.TrustDomain, TimeSpan.FromDays(1));
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForNode(2), otherCa)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => OpenAndSendAsync(peer, fromNode: 2));

        AssertRefusedAtHandshake(error);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_raft_frame_whose_from_node_is_not_the_certificates_node_is_refused_and_counted()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForNode(2))));

        var error = await Assert.ThrowsAsync<RpcException>(() => OpenAndSendAsync(peer, fromNode: 3));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("sender node 3", error.Status.Detail);
        Assert.Contains("names node 2", error.Status.Detail);
        Assert.Equal(1, _node.Host.TransportMetrics.FramesRefusedForgedSender);
        Assert.Equal(0, _node.Host.TransportMetrics.BatchesReceived);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_raft_frame_from_the_certificates_own_node_is_accepted()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForNode(2))));

        using var call = peer.Raft(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new RaftBatch { FromNode = 2, ToNode = 1 });

        await Support.Eventually.HoldsAsync(() => _node.Host.TransportMetrics.BatchesReceived == 1, TimeSpan.FromSeconds(20), "the frame of node 2 was received");
        Assert.Equal(0, _node.Host.TransportMetrics.FramesRefusedForgedSender);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("admin")]
    [InlineData("client")]
    public async Task A_certificate_that_is_not_a_nodes_cannot_open_a_raft_stream(string role)
    {
        var identity = role == "admin" ? CertificateIdentity.ForAdmin("operator") : CertificateIdentity.ForClient("app");
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(identity)));

        var error = await Assert.ThrowsAsync<RpcException>(() => OpenAndSendAsync(peer, fromNode: 2));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains($"{role}/", error.Status.Detail);
        Assert.Equal(0, _node.Host.TransportMetrics.BatchesReceived);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_snapshot_chunk_whose_sender_is_not_the_certificates_node_is_refused_and_counted()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForNode(2))));

        var error = await Assert.ThrowsAsync<RpcException>(() => InstallSnapshotAsync(peer, fromNode: 3));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(1, _node.Host.TransportMetrics.FramesRefusedForgedSender);
        Assert.Equal(0, _node.Host.TransportMetrics.SnapshotsReceived);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_certificate_cannot_install_a_snapshot()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForClient("app"))));

        var error = await Assert.ThrowsAsync<RpcException>(() => InstallSnapshotAsync(peer, fromNode: 2));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(0, _node.Host.TransportMetrics.SnapshotsReceived);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_peer_without_a_certificate_cannot_install_a_snapshot()
    {
        var peer = new PeerService.PeerServiceClient(_node.Channel(_node.InternalAddress, certificate: null));

        // The first chunk's write may already meet the closed connection (an HttpIOException), before any status.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InstallSnapshotAsync(peer, fromNode: 2));

        AssertRefusedAtHandshake(error);
    }

    private static async Task OpenAndSendAsync(PeerService.PeerServiceClient peer, ulong fromNode)
    {
        using var call = peer.Raft(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new RaftBatch { FromNode = fromNode, ToNode = 1 });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static async Task InstallSnapshotAsync(PeerService.PeerServiceClient peer, ulong fromNode)
    {
        var headers = new Metadata { { SnapshotHeaders.Length, "4" }, { SnapshotHeaders.Crc32C, "0" } };
        using var call = peer.InstallSnapshot(headers, DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new SnapshotChunk
        {
            GroupId = 1,
            From = fromNode,
            To = 1,
            Metadata = new SnapshotMetadata { Index = 10, Term = 1 },
            Data = ByteString.CopyFrom(1, 2, 3, 4),
        });
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    // A refused TLS handshake surfaces as UNAVAILABLE or INTERNAL, depending on which side noticed first.
    internal static void AssertRefusedAtHandshake(Exception error) =>
        Assert.True(error is RpcException { StatusCode: StatusCode.Internal or StatusCode.Unavailable } or System.Net.Http.HttpIOException,
            $"expected a refused TLS handshake, got {error}");
}
