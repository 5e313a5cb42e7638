using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>
/// Pods leave through the Eviction API and the PodDisruptionBudget arbitrates (policy/v1, default
/// unhealthyPodEvictionPolicy IfHealthyBudget); scheduled pods are deleted gracefully and stay
/// Terminating until their kubelet confirms the stop with a delete of grace 0.
/// </summary>
public sealed class EvictionTests
{
    private const string Ns = TestCluster.Namespace;

    private static async Task PodsAsync(TestCluster cluster, int count, string? nodeName = null, params string[] notReady)
    {
        await cluster.Client.CreateAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = Ns },
            // minAvailable: these pods have no controller, and maxUnavailable needs one's scale to count from.
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 2, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "app" } } },
        });
        for (var i = 0; i < count; i++)
        {
            var pod = await cluster.Client.CreateAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"app-{i}", NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["app"] = "app" } },
                Spec = new V1PodSpec { NodeName = nodeName, TerminationGracePeriodSeconds = 60, Containers = [new V1Container { Name = "c", Image = "i:1" }] },
            });
            var ready = notReady.Contains(pod.Metadata.Name) ? "False" : "True";
            pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready }] };
            await cluster.Client.UpdateStatusAsync(pod);
        }
    }

    [Fact]
    public async Task The_budget_allows_one_disruption_then_answers_429()
    {
        await using var cluster = await TestCluster.StartAsync();
        await PodsAsync(cluster, 3);

        Assert.True(await cluster.Client.EvictAsync(Ns, "app-0"));
        var refused = await Assert.ThrowsAsync<DisruptionBudgetException>(() => cluster.Client.EvictAsync(Ns, "app-1"));

        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "app-0"));
        Assert.NotNull(await cluster.Client.GetAsync<V1Pod>(Ns, "app-1"));
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refused.Message, StringComparison.Ordinal);
        Assert.Equal("The disruption budget app needs 2 healthy pods and has 2 currently", refused.Status!.Details!.Causes![0].Message);
        Assert.False(await cluster.Client.EvictAsync(Ns, "gone"));
    }

    [Fact]
    public async Task A_pod_that_is_not_ready_may_go_while_the_others_keep_the_budget()
    {
        await using var cluster = await TestCluster.StartAsync();
        await PodsAsync(cluster, 3, nodeName: null, "app-2");

        // Healthy 2 of the desired 2: evicting the broken pod disrupts nothing; evicting a healthy one would.
        await Assert.ThrowsAsync<DisruptionBudgetException>(() => cluster.Client.EvictAsync(Ns, "app-0"));
        Assert.True(await cluster.Client.EvictAsync(Ns, "app-2"));
        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "app-2"));
    }

    [Fact]
    public async Task A_scheduled_pod_stays_Terminating_with_its_grace_period_until_the_kubelet_confirms()
    {
        await using var cluster = await TestCluster.StartAsync();
        await PodsAsync(cluster, 3, nodeName: "node-a");

        Assert.True(await cluster.Client.EvictAsync(Ns, "app-0"));
        var terminating = await cluster.Client.GetAsync<V1Pod>(Ns, "app-0");
        Assert.NotNull(terminating!.Metadata.DeletionTimestamp);
        Assert.Equal(60, terminating.Metadata.DeletionGracePeriodSeconds);
        // A Terminating pod is not healthy: the budget is spent until it is replaced.
        await Assert.ThrowsAsync<DisruptionBudgetException>(() => cluster.Client.EvictAsync(Ns, "app-1"));

        // The kubelet saw the containers stop.
        Assert.True(await cluster.Client.DeleteAsync<V1Pod>(Ns, "app-0", gracePeriodSeconds: 0));
        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "app-0"));
    }
}
