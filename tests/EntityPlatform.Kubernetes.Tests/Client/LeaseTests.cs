using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>The optimistic-concurrency moves leader election is built from.</summary>
public sealed class LeaseTests
{
    private static Lease Candidate(string holder, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = "entityplatform-operator", Namespace = TestCluster.Namespace },
        Spec = new LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
    };

    [Fact]
    public async Task Only_one_candidate_can_create_the_lease()
    {
        await using var cluster = await TestCluster.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await cluster.Client.CreateAsync(Candidate("pod-a", now));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => cluster.Client.CreateAsync(Candidate("pod-b", now)));
    }

    [Fact]
    public async Task The_holder_renews_and_a_racing_takeover_with_the_old_version_conflicts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var start = new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero).AddTicks(1234560);
        await cluster.Client.CreateAsync(Candidate("pod-a", start));
        var seenByA = (await cluster.Client.GetAsync<Lease>(TestCluster.Namespace, "entityplatform-operator"))!;
        var seenByB = (await cluster.Client.GetAsync<Lease>(TestCluster.Namespace, "entityplatform-operator"))!;

        seenByA.Spec.RenewTime = start.AddSeconds(10);
        var renewed = await cluster.Client.UpdateAsync(seenByA);
        Assert.Equal(start.AddSeconds(10), renewed.Spec.RenewTime);
        Assert.Equal(start, renewed.Spec.AcquireTime); // microsecond precision survives the round trip

        seenByB.Spec.HolderIdentity = "pod-b";
        seenByB.Spec.LeaseTransitions = 1;
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.UpdateAsync(seenByB));
        Assert.Equal("pod-a", (await cluster.Client.GetAsync<Lease>(TestCluster.Namespace, "entityplatform-operator"))!.Spec.HolderIdentity);
    }
}
