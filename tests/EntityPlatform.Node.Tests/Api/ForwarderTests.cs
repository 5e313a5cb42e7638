using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Transport;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Api;

/// <summary>
/// A follower's forward to the leader: a leader that cannot be reached must not look like "the node you
/// called is down" (a bare UNAVAILABLE), while the leader's own answers pass through unchanged.
/// </summary>
public sealed class ForwarderTests
{
    private static PeerDirectory Clients()
    {
        var clients = new PeerDirectory();
        clients.Set(3, new Uri("http://10.0.0.7:7100/"));
        return clients;
    }

    [Fact]
    public async Task A_leader_that_does_not_answer_gives_leader_unreachable_with_the_hint()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Forwarder.RunAsync<int>(3, Clients(),
            () => throw new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.")), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("3@10.0.0.7:7100", error.Trailers.GetValue(ApiMetadata.LeaderHint));
        Assert.Equal(ErrorReasons.LeaderUnreachable, RichErrors.ReasonOf(error));
        Assert.Equal(3UL, RichErrors.LeaderHintOf(error)!.NodeId);
        Assert.Contains("node 3", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leaders_own_answer_passes_through_unchanged()
    {
        var answer = RichErrors.Create(StatusCode.InvalidArgument, "entity_id is empty", ErrorReasons.InvalidRequest);

        var error = await Assert.ThrowsAsync<RpcException>(() => Forwarder.RunAsync<int>(3, Clients(), () => throw answer, CancellationToken.None));

        Assert.Same(answer, error);
    }

    [Fact]
    public async Task A_not_leader_answer_from_the_leader_keeps_its_own_hint()
    {
        var answer = RichErrors.Create(StatusCode.Unavailable, "not the leader", ErrorReasons.NotLeader, new Grpc.Api.V1.LeaderHint { NodeId = 2, Address = "10.0.0.6:7100" });

        var error = await Assert.ThrowsAsync<RpcException>(() => Forwarder.RunAsync<int>(3, Clients(), () => throw answer, CancellationToken.None));

        Assert.Same(answer, error);
    }
}
