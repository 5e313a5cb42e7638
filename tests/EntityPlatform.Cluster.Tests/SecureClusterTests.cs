using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EntityPlatform.Contracts.Security;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.LocalMode;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 15 end to end: node processes with TLS as <c>local up</c> starts them. Raft runs over mutual TLS
/// between the nodes, clients call with the client certificate, a plaintext caller gets nowhere, and
/// certificates replaced on disk under load cost no call.
/// </summary>
public sealed class SecureClusterTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_tls_cluster_replicates_over_mutual_tls_and_loses_nothing_when_a_leader_is_killed()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 2, secure: true);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        var workload = new CounterWorkload(() => cluster.Client, writers: 4, prefix: "tls");
        workload.Start();
        await Eventually.TrueAsync(() => workload.Acknowledged > 20, TimeSpan.FromSeconds(30), "writes acknowledged before the kill");
        var victim = (await cluster.ViewAsync()).Leaders[("counter", 0)];
        cluster.Kill(victim);
        var before = workload.Acknowledged;
        await Eventually.TrueAsync(() => workload.Acknowledged > before + 20, TimeSpan.FromSeconds(30), "writes acknowledged after the kill");
        await workload.StopAsync();
        cluster.RefreshClient();

        await workload.AssertExactlyOnceAsync(cluster.Client);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_plaintext_caller_and_a_caller_without_a_certificate_reach_nothing()
    {
        await using var cluster = new ProcessCluster(nodeCount: 1, shards: 1, secure: true);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        var node = cluster.Nodes[0];

        using var plaintext = Channels.Create(new Uri($"http://127.0.0.1:{node.GrpcPort}"));
        var plaintextError = await Assert.ThrowsAsync<RpcException>(() =>
            new EntityService.EntityServiceClient(plaintext).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        using var anonymous = Channels.Create(node.GrpcAddress, new ChannelSettings { Tls = new ClientTls(TrustBundle.FromPemFile(cluster.Certificates!.CaCertificatePath)) });
        var anonymousError = await Assert.ThrowsAsync<RpcException>(() =>
            new EntityService.EntityServiceClient(anonymous).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        using var client = Channels.Create(node.GrpcAddress, cluster.ClientSettings);
        var topology = await new EntityService.EntityServiceClient(client).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.NotEqual(StatusCode.OK, plaintextError.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymousError.StatusCode);
        Assert.Equal(1ul, topology.NodeId);
    }

    /// <summary>
    /// Issue 15, rotation: while writers call (retrying only a node's own UNAVAILABLE answer, never a transport
    /// failure), every node's and the client's certificate is replaced on disk. Fresh connections keep being opened, and each node is seen
    /// serving its new certificate; no call fails.
    /// </summary>
    [Fact(Timeout = 180_000)]
    public async Task Certificates_replaced_on_disk_under_load_fail_no_call()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 2, secure: true);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        var certificates = cluster.Certificates!;
        var before = await ServedSerialsAsync(cluster);
        using var stop = new CancellationTokenSource();
        long calls = 0;
        var phase = "before the rotation";
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var session = Guid.CreateVersion7().ToString();
            ulong requestId = 0;
            while (!stop.IsCancellationRequested)
            {
                // A new channel (a new TLS handshake, with the client certificate as it is on disk now) every 20 calls.
                using var channel = Channels.Create(cluster.Nodes[writer % 3].GrpcAddress, cluster.ClientSettings);
                var client = new EntityService.EntityServiceClient(channel);
                for (var i = 0; i < 20 && !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var reply = await SendAsync(client, new CommandRequest
                        {
                            EntityType = "counter", EntityId = $"rotate-{writer}", Payload = ByteString.CopyFromUtf8("""{"type":"increment","by":1}"""),
                            ClientSessionId = session, RequestId = ++requestId,
                        });
                        Assert.NotNull(reply.Accepted);
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception error)
                    {
                        failures.Enqueue($"{Volatile.Read(ref phase)}: {error.Message}");
                    }
                }
            }
        })).ToArray();
        await Eventually.TrueAsync(() => Interlocked.Read(ref calls) > 100, TimeSpan.FromSeconds(60), "100 calls before the rotation");

        Volatile.Write(ref phase, "during the rotation");
        certificates.Reissue(cluster.Nodes.Select(node => node.Id));
        await Eventually.TrueAsync(() => NoneServesAsync(before, cluster), TimeSpan.FromSeconds(30), "every node serving its new certificate");
        var atRotation = Interlocked.Read(ref calls);
        Volatile.Write(ref phase, "after the rotation");
        await Eventually.TrueAsync(() => Interlocked.Read(ref calls) > atRotation + 100, TimeSpan.FromSeconds(60), "100 calls after the rotation");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed: {string.Join(" | ", failures.Take(5))}");
    }

    /// <summary>
    /// One call as a client makes it: an UNAVAILABLE that a node answered (a leader change on this loaded
    /// machine, with no transport error behind it) is sent again with the same ids until the deadline. A
    /// connection or handshake failure is not retried: that is what a botched rotation would cause.
    /// </summary>
    private static async Task<CommandReply> SendAsync(EntityService.EntityServiceClient client, CommandRequest request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return await client.CommandAsync(request, deadline: DateTime.UtcNow.AddSeconds(5));
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && error.Status.DebugException is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static async Task<bool> NoneServesAsync(IReadOnlyDictionary<ulong, string> old, ProcessCluster cluster) =>
        (await ServedSerialsAsync(cluster)).All(pair => pair.Value != old[pair.Key]);

    /// <summary>The serial number of the certificate each node's client port presents to a new connection.</summary>
    private static async Task<IReadOnlyDictionary<ulong, string>> ServedSerialsAsync(ProcessCluster cluster)
    {
        var serials = new Dictionary<ulong, string>();
        foreach (var node in cluster.Nodes)
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync("127.0.0.1", node.GrpcPort);
            X509Certificate2? served = null;
            await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
            {
                served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return true; // only looking: the serial is what this reads
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ApplicationProtocols = [SslApplicationProtocol.Http2] });
            serials[node.Id] = served!.SerialNumber;
        }

        return serials;
    }
}
