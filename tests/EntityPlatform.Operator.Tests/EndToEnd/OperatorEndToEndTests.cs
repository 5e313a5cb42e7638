using System.Diagnostics;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Emulation.Authorization;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Controller;
using EntityPlatform.Operator.Crd;
using EntityPlatform.Operator.Election;
using EntityPlatform.Operator.Host;
using EntityPlatform.Operator.Reconcile;
using EntityPlatform.Operator.Nodes;
using EntityPlatform.Operator.Tests.Support;
using EntityPlatform.Kubernetes.Yaml;
using Xunit.Abstractions;

namespace EntityPlatform.Operator.Tests.EndToEnd;

/// <summary>
/// The operator (leader election and the controller, wired as the host wires them) against the API
/// emulation, with <see cref="ProcessStatefulSetController"/> turning its StatefulSet into real node
/// processes on 127.0.0.1 and its admin calls going over gRPC to them.
/// </summary>
public sealed class OperatorEndToEndTests(ITestOutputHelper output)
{
    // The shipped sample is applied as it is, namespace included.
    private const string Namespace = "default";
    private const int Shards = 4;

    /// <summary>
    /// The backstop only: each phase below has its own deadline (their sum is 680 s), and when one passes it
    /// fails naming what it waited for, with the node logs, and the finally block kills every node process
    /// by PID. xunit's Timeout abandons the test body instead, so it must never fire before them: at 180 s
    /// it did, 2 times in 6 on a loaded 2-core machine, once the bad-image and drain phases had made a
    /// healthy run take ~175-230 s there (a timeout with no diagnostics, node processes left running).
    /// 680 s of phases + 2 x 15 s of teardown + margin.
    /// </summary>
    private const int WholeTestTimeoutMs = 760_000;

    /// <summary>Grants of the rendered chart this run does not exercise, each for a reason stated here.</summary>
    private static readonly string[] UnusedGrants =
    [
        // NodeZones reads a Node with a GET when no Node informer is attached (outside a controller term);
        // the host always attaches one, so a run never needs it, but the fallback path does.
        "get core/nodes",
        // The OwnerReferencesPermissionEnforcement admission plugin (a real server's, not emulated) requires it
        // to set blockOwnerDeletion in the owned objects' ownerReferences.
        "update entityplatform.io/entitytypes/finalizers",
    ];

    [Fact(Timeout = WholeTestTimeoutMs)]
    public async Task Operator_places_scales_and_rolls_real_nodes_under_load_without_losing_writes()
    {
        var directory = Directory.CreateTempSubdirectory("ep-operator-e2e-").FullName;
        var addresses = new LocalPortAddresses();
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        emulator.RegisterCustomResource(CrdGenerator.GenerateYaml(typeof(EntityType)));
        var clientOptions = new KubernetesClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
        // The test, its StatefulSet controller and kubelet act as cluster admins; the operator runs with
        // exactly the rights the chart's default install grants its ServiceAccount (403 otherwise).
        using var client = new KubernetesClient(emulator.ClientConfig(Namespace), clientOptions);
        var authorizer = await OperatorChart.RestrictAsync(emulator, OperatorCluster.OperatorToken, SourceTree.Root, Namespace);
        using var operatorClient = new KubernetesClient(emulator.ClientConfig(Namespace, OperatorCluster.OperatorToken), clientOptions);
        using var admin = new GrpcNodeAdmin(TimeSpan.FromSeconds(3));
        // Wired as OperatorHost wires it: the Node informer (cluster-wide, the chart's node-reader ClusterRole) feeds the planner's zones.
        var zones = new NodeZones(operatorClient);
        var controller = new OperatorController(operatorClient, OperatorComponents.Reconciler(operatorClient, admin, addresses, TimeProvider.System, "e2e-operator", zones),
            new ControllerOptions { WatchNamespace = Namespace }, new OperatorMetrics(), TimeProvider.System, zones: zones);
        var elector = new LeaderElector(operatorClient, new LeaderElectionOptions
        {
            Namespace = Namespace, Name = "entityplatform-operator", Identity = "e2e-operator",
            LeaseDuration = TimeSpan.FromSeconds(4), RenewDeadline = TimeSpan.FromSeconds(3), RetryPeriod = TimeSpan.FromMilliseconds(500),
        }, TimeProvider.System);
        var pods = new ProcessStatefulSetController(client, Namespace, addresses, directory);
        using var stop = new CancellationTokenSource();
        Task? kubelet = null;
        Task? operatorRun = null;
        DemoClient? demo = null;
        var clock = Stopwatch.StartNew();
        var passed = false;
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s {what}");
        try
        {
            kubelet = pods.RunAsync(stop.Token);
            operatorRun = elector.RunAsync(controller.RunAsync, stop.Token);
            // kubectl apply -f crds/samples/counter.yaml: server-side apply of the shipped file, unchanged.
            var sample = YamlJson.Parse(File.ReadAllText(SourceTree.Of("crds", "samples", "counter.yaml")));
            await client.ApplyAsync<EntityType>(Namespace, "counter", sample, "kubectl");
            var first = await SettledAsync(client, pods, 3, TimeSpan.FromSeconds(60));
            Assert.True(elector.IsLeader);
            Step($"3 pods ready, {Shards} shards led, placement v{first.Status!.PlacementVersion}");

            // The mounted cluster file is the node's own format: the node's loader reads what the operator wrote.
            var file = ClusterFile.Load(Path.Combine(directory, "counter-0.cluster.json"));
            Assert.Equal(Shards, file.Placement.Shards.Count);
            Assert.Equal(new ClusterFile.RaftTimings(), file.Raft);

            demo = new DemoClient(Enumerable.Range(0, 5).Select(ordinal =>
                new LocalNode(ObjectNames.NodeId(ordinal), 0, addresses.Ports(ordinal).Grpc, addresses.Ports(ordinal).Internal, addresses.Ports(ordinal).Http, "", "")));
            var load = new CounterLoad(demo, writers: 4, prefix: "e2e");
            load.Start();
            await WaitAsync("the first acknowledged writes", () => Task.FromResult(load.Acknowledged >= 20), TimeSpan.FromSeconds(20), pods);
            Step($"client load running ({load.Acknowledged} acknowledged)");

            await ScaleAsync(emulator, 5);
            var grown = await SettledAsync(client, pods, 5, TimeSpan.FromSeconds(60), after: first.Status!.PlacementVersion);
            var newcomers = await ReplicasOnAsync(admin, addresses, [3, 4]);
            Assert.True(newcomers > 0, "after scaling to 5 no replica runs on counter-3 or counter-4");
            Step($"scaled to 5: placement v{grown.Status!.PlacementVersion}, {newcomers} replicas on the new pods ({load.Acknowledged} acknowledged)");

            await ScaleAsync(emulator, 3);
            var shrunk = await SettledAsync(client, pods, 3, TimeSpan.FromSeconds(60), after: grown.Status!.PlacementVersion);
            Assert.Equal(3, (await client.GetAsync<V1StatefulSet>(Namespace, "counter"))!.Spec.Replicas);
            Step($"scaled to 3: placement v{shrunk.Status!.PlacementVersion} ({load.Acknowledged} acknowledged)");

            var startsBefore = pods.Started.Count;
            await RetryOnConflictAsync(async () =>
            {
                var type = (await client.GetAsync<EntityType>(Namespace, "counter"))!;
                type.Spec.Image = "registry.example.com/counter:1.1.0";
                await client.UpdateAsync(type);
            });
            await SettledAsync(client, pods, 3, TimeSpan.FromSeconds(90), rolled: true);
            var restarted = pods.Started.Skip(startsBefore).ToArray();
            Assert.Equal(["counter-2", "counter-1", "counter-0"], restarted);
            Step($"rolled to the new image: {string.Join(", ", restarted)} replaced ({load.Acknowledged} acknowledged)");

            await StorageChangeRefusedAsync(emulator, client, pods);
            Step($"storage change refused by the CRD, and by the operator under a CRD without the rule (Degraded/InvalidSpec), then reverted ({load.Acknowledged} acknowledged)");

            // A rolling update to an image that never runs, then to a fixed one, with no manual step in between.
            startsBefore = pods.Started.Count;
            await SetImageAsync(client, "registry.example.com/counter" + ProcessStatefulSetController.BadTag);
            await WaitAsync("the bad image's pod, not ready, reported as Degraded", async () =>
            {
                var type = await client.GetAsync<EntityType>(Namespace, "counter");
                var degraded = type?.Status?.Conditions?.FirstOrDefault(condition => condition.Type == ConditionTypes.Degraded);
                return pods.BadPods.Contains("counter-2") && degraded is { Status: "True", Reason: "PodsNotReady" } && degraded.Message.Contains("counter-2", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), pods);
            Assert.Empty(pods.Started.Skip(startsBefore)); // the rollout stopped at the first pod that did not get ready
            Step($"bad image: counter-2 never ready, rollout stopped, Degraded ({load.Acknowledged} acknowledged)");

            // The fix, and meanwhile kubectl drain of counter-0's machine: evictions retried on 429 while the
            // PodDisruptionBudget (maxUnavailable 1) is spent on the rollout, as kubectl drain retries them.
            await SetImageAsync(client, "registry.example.com/counter:1.2.0");
            var drainRefusals = 0;
            await WaitAsync("kubectl drain evicted counter-0", async () =>
            {
                try
                {
                    return await client.EvictAsync(Namespace, "counter-0");
                }
                catch (DisruptionBudgetException)
                {
                    drainRefusals++;
                    return false;
                }
            }, TimeSpan.FromSeconds(90), pods);
            Assert.True(drainRefusals >= 1, "the drain's first eviction met the bad pod's disruption and must have been refused (429)");
            await SettledAsync(client, pods, 3, TimeSpan.FromSeconds(90), rolled: true);
            var fixedStarts = pods.Started.Skip(startsBefore).ToArray();
            // Every pod runs the fix; counter-0 may have been replaced twice (by the operator, then by the drain).
            Assert.Equal(["counter-0", "counter-1", "counter-2"], fixedStarts.Distinct().Order(StringComparer.Ordinal));
            Assert.True(fixedStarts.Length <= 4, string.Join(", ", fixedStarts));
            Step($"fixed image rolled out with a drain in the middle: {string.Join(", ", fixedStarts)} started, {drainRefusals} drain evictions refused by the PDB ({load.Acknowledged} acknowledged)");

            await load.StopAsync();
            var violations = await load.ViolationsAsync();
            Step($"load stopped: {load.Acknowledged} acknowledged, {load.Unanswered} unanswered, {load.Rejected} rejected");
            Assert.True(violations.Count == 0, string.Join("\n", violations));
            Assert.Equal(0, load.Rejected);
            Assert.True(load.Acknowledged > 100, $"only {load.Acknowledged} writes were acknowledged");
            Assert.Equal(0, pods.Crashes);

            // kubectl delete entitytype counter: the finalizer deletes the StatefulSet, waits until its pods
            // stopped (the kubelet confirms each), and only then lets the EntityType go.
            await client.DeleteAsync<EntityType>(Namespace, "counter");
            await WaitAsync("the EntityType gone once its pods stopped", async () => await client.GetAsync<EntityType>(Namespace, "counter") is null, TimeSpan.FromSeconds(60), pods);
            Assert.Empty((await client.ListAsync<V1Pod>(Namespace, new ListOptions { LabelSelector = $"{ObjectNames.EntityTypeLabel}=counter" })).Items);
            Step("deleted: the finalizer let the EntityType go after its pods stopped");

            // Least privilege, measured: every grant of the rendered chart was used by this run, nothing more.
            Assert.Empty(emulator.Forbidden);
            var unused = authorizer.Grants.Except(emulator.Authorized).Order(StringComparer.Ordinal).ToArray();
            output.WriteLine("granted but unused: " + string.Join(", ", unused));
            Assert.Equal(UnusedGrants, unused);
            passed = true;
        }
        finally
        {
            await stop.CancelAsync();
            await Quietly(operatorRun);
            await Quietly(kubelet);
            pods.KillAll();
            demo?.Dispose();
            if (passed)
            {
                DeleteQuietly(directory);
            }
            else
            {
                output.WriteLine($"node logs kept in {directory}");
            }
        }
    }

    private static Task SetImageAsync(KubernetesClient client, string image) => RetryOnConflictAsync(async () =>
    {
        var type = (await client.GetAsync<EntityType>(Namespace, "counter"))!;
        type.Spec.Image = image;
        await client.UpdateAsync(type);
    });

    /// <summary>
    /// spec.storage cannot change (a StatefulSet's volumeClaimTemplates are immutable): the CRD's rule
    /// refuses it with 422; a cluster still on a CRD without that rule (helm upgrade leaves CRDs alone)
    /// accepts it, and the operator refuses it with Degraded/InvalidSpec naming spec.storage, touching
    /// nothing. Reverting the spec clears it.
    /// </summary>
    private static async Task StorageChangeRefusedAsync(KubernetesEmulator emulator, KubernetesClient client, ProcessStatefulSetController pods)
    {
        var change = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"storage":{"size":"20Gi"}}}""")!;
        var refused = await Assert.ThrowsAsync<InvalidException>(() => client.MergePatchAsync<EntityType>(Namespace, "counter", change));
        Assert.Contains("storage is immutable", refused.Message, StringComparison.Ordinal);

        var older = YamlJson.Parse(CrdGenerator.GenerateYaml(typeof(EntityType)));
        RemoveRules(older, "oldSelf.storage");
        foreach (var definition in Kubernetes.Emulation.Resources.CustomResourceLoader.Load(older))
        {
            emulator.Store.Register(definition);
        }

        try
        {
            var statefulSet = (await client.GetAsync<V1StatefulSet>(Namespace, "counter"))!.Metadata.ResourceVersion;
            await client.MergePatchAsync<EntityType>(Namespace, "counter", change);
            await WaitAsync("Degraded/InvalidSpec naming spec.storage", async () =>
            {
                var type = await client.GetAsync<EntityType>(Namespace, "counter");
                var degraded = type?.Status?.Conditions?.FirstOrDefault(condition => condition.Type == ConditionTypes.Degraded);
                return degraded is { Status: "True", Reason: "InvalidSpec" } && degraded.Message.StartsWith("spec.storage: size 20Gi", StringComparison.Ordinal)
                    && degraded.Message.Contains("volumeClaimTemplates are immutable", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30), pods);
            Assert.Equal(statefulSet, (await client.GetAsync<V1StatefulSet>(Namespace, "counter"))!.Metadata.ResourceVersion);
            await client.MergePatchAsync<EntityType>(Namespace, "counter", System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"storage":null}}""")!);
        }
        finally
        {
            emulator.RegisterCustomResource(CrdGenerator.GenerateYaml(typeof(EntityType)));
        }

        await SettledAsync(client, pods, 3, TimeSpan.FromSeconds(60));
    }

    private static void RemoveRules(System.Text.Json.Nodes.JsonNode? node, string containing)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                if (obj["x-kubernetes-validations"] is System.Text.Json.Nodes.JsonArray rules)
                {
                    foreach (var rule in rules.Where(rule => rule?["rule"]?.ToString().Contains(containing, StringComparison.Ordinal) == true).ToList())
                    {
                        rules.Remove(rule);
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RemoveRules(child, containing);
                }

                break;
            case System.Text.Json.Nodes.JsonArray list:
                foreach (var child in list.ToList())
                {
                    RemoveRules(child, containing);
                }

                break;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still exiting may hold a file; the OS cleans the temp directory later.
        }
    }

    /// <summary>
    /// What <c>kubectl scale entitytype/counter --replicas=N</c> sends: a JSON merge patch of the scale
    /// subresource, unconditional (no resourceVersion), so it never conflicts with the operator's writes.
    /// </summary>
    private static async Task ScaleAsync(KubernetesEmulator emulator, int nodes)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/apis/entityplatform.io/v1alpha1/namespaces/{Namespace}/entitytypes/counter/scale")
        {
            Content = new StringContent("{\"spec\":{\"replicas\":" + nodes + "}}", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"kubectl scale: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// A read-modify-write as a user's client does it: the operator writes the same object's status at any
    /// moment, so an update can meet a newer resourceVersion (409) and is redone on the fresh object.
    /// </summary>
    private static async Task RetryOnConflictAsync(Func<Task> update)
    {
        const int MaxAttempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await update();
                return;
            }
            catch (ConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }

    /// <summary>
    /// Waits until the operator reports the EntityType settled at <paramref name="nodes"/> ready pods: the
    /// current generation observed, Ready, not Progressing, every shard led and fully replicated, exactly
    /// those pods existing, all on the StatefulSet's current template.
    /// </summary>
    private static async Task<EntityType> SettledAsync(KubernetesClient client, ProcessStatefulSetController pods, int nodes, TimeSpan timeout, long? after = null, bool rolled = false)
    {
        EntityType? type = null;
        await WaitAsync($"settled at {nodes} pods", async () =>
        {
            type = await client.GetAsync<EntityType>(Namespace, "counter");
            var status = type?.Status;
            if (status is null || status.ObservedGeneration != type!.Metadata.Generation || status.Nodes != nodes
                || status.Shards is not { WithLeader: Shards, UnderReplicated: 0 } || (after is not null && status.PlacementVersion <= after)
                || V1Condition(type, ConditionTypes.Ready) != "True" || V1Condition(type, ConditionTypes.Progressing) != "False")
            {
                return false;
            }

            var set = await client.GetAsync<V1StatefulSet>(Namespace, "counter");
            var hash = set?.Spec.Template.Metadata.Annotations?.ValueOrDefault(ObjectNames.TemplateHashAnnotation);
            var list = (await client.ListAsync<V1Pod>(Namespace, new ListOptions { LabelSelector = $"{ObjectNames.EntityTypeLabel}=counter" })).Items;
            return set?.Spec.Replicas == nodes && list.Count == nodes
                && (!rolled || list.All(pod => pod.Metadata.Annotations?.ValueOrDefault(ObjectNames.TemplateHashAnnotation) == hash));
        }, timeout, pods, () => $"last status: {Describe(type)}");
        return type!;
    }

    private static async Task<int> ReplicasOnAsync(INodeAdmin admin, LocalPortAddresses addresses, int[] ordinals)
    {
        var count = 0;
        foreach (var ordinal in ordinals)
        {
            var reply = await admin.StatusAsync(new Uri($"http://127.0.0.1:{addresses.Ports(ordinal).Internal}"), CancellationToken.None);
            count += reply?.Shards.Count(shard => shard.Role is ReplicaRole.Leader or ReplicaRole.Follower) ?? 0;
        }

        return count;
    }

    private static string? V1Condition(EntityType type, string condition) =>
        type.Status?.Conditions?.FirstOrDefault(candidate => candidate.Type == condition)?.Status;

    private static string Describe(EntityType? type) => type?.Status is not { } status ? "(none)"
        : $"generation {type.Metadata.Generation}/{status.ObservedGeneration}, nodes {status.Nodes}, placement v{status.PlacementVersion}, "
          + $"shards {status.Shards?.WithLeader}/{status.Shards?.Total} led, {status.Shards?.UnderReplicated} under-replicated; "
          + string.Join("; ", status.Conditions?.Select(condition => $"{condition.Type}={condition.Status} ({condition.Reason}: {condition.Message})") ?? []);

    private static async Task WaitAsync(string what, Func<Task<bool>> done, TimeSpan timeout, ProcessStatefulSetController pods, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(200);
        }

        var logs = string.Join("\n", Enumerable.Range(0, 5).Select(ordinal => $"counter-{ordinal}").Where(pod => File.Exists(pods.LogFile(pod)))
            .Select(pod => $"--- {pod} ---\n" + string.Join("\n", File.ReadLines(pods.LogFile(pod)).TakeLast(10))));
        throw new TimeoutException($"timed out waiting for {what}; {detail?.Invoke()}\n{logs}");
    }

    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException)
        {
        }
    }
}
