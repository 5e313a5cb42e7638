using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>
/// The optimistic-concurrency moves leader election is built from, through KubernetesClient's
/// coordination.k8s.io/v1 API against the emulation: its errors arrive as our typed exceptions.
/// </summary>
public sealed class LeaseTests
{
    private const string Name = "entityplatform-operator";

    private static V1Lease Candidate(string holder, DateTime now) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = TestCluster.Namespace },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
    };

    [Fact]
    public async Task Only_one_candidate_can_create_the_lease()
    {
        await using var cluster = await TestCluster.StartAsync();
        var leases = cluster.Client.Api.CoordinationV1;
        var now = DateTime.UtcNow;
        await leases.CreateNamespacedLeaseAsync(Candidate("pod-a", now), TestCluster.Namespace);
        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => leases.CreateNamespacedLeaseAsync(Candidate("pod-b", now), TestCluster.Namespace));
        Assert.Equal("AlreadyExists", error.Reason);
    }

    [Fact]
    public async Task A_missing_lease_reads_as_NotFound()
    {
        await using var cluster = await TestCluster.StartAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => cluster.Client.Api.CoordinationV1.ReadNamespacedLeaseAsync("nobody", TestCluster.Namespace));
    }

    [Fact]
    public async Task A_lease_with_a_zero_duration_is_refused_as_Invalid_naming_the_field()
    {
        await using var cluster = await TestCluster.StartAsync();
        var lease = Candidate("pod-a", DateTime.UtcNow);
        lease.Spec.LeaseDurationSeconds = 0;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.Api.CoordinationV1.CreateNamespacedLeaseAsync(lease, TestCluster.Namespace));
        Assert.Contains("spec.leaseDurationSeconds", error.Message);
    }

    [Fact]
    public async Task The_holder_renews_and_a_racing_takeover_with_the_old_version_conflicts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var leases = cluster.Client.Api.CoordinationV1;
        var start = new DateTime(2026, 11, 21, 19, 0, 0, DateTimeKind.Utc).AddTicks(1234560);
        await leases.CreateNamespacedLeaseAsync(Candidate("pod-a", start), TestCluster.Namespace);
        var seenByA = await leases.ReadNamespacedLeaseAsync(Name, TestCluster.Namespace);
        var seenByB = await leases.ReadNamespacedLeaseAsync(Name, TestCluster.Namespace);

        seenByA.Spec.RenewTime = start.AddSeconds(10);
        var renewed = await leases.ReplaceNamespacedLeaseAsync(seenByA, Name, TestCluster.Namespace);
        Assert.Equal(start.AddSeconds(10), renewed.Spec.RenewTime);
        Assert.Equal(start, renewed.Spec.AcquireTime); // microsecond precision survives the round trip

        seenByB.Spec.HolderIdentity = "pod-b";
        seenByB.Spec.LeaseTransitions = 1;
        await Assert.ThrowsAsync<ConflictException>(() => leases.ReplaceNamespacedLeaseAsync(seenByB, Name, TestCluster.Namespace));
        Assert.Equal("pod-a", (await leases.ReadNamespacedLeaseAsync(Name, TestCluster.Namespace)).Spec.HolderIdentity);
    }
}
