using System.Collections.Concurrent;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Tests.EndToEnd;

/// <summary>
/// Plays kube-controller-manager's StatefulSet controller and the kubelet for the end-to-end test: its
/// "pods" are <c>entityplatform-samples.dll run</c> processes on 127.0.0.1. Level-triggered, polling the
/// API every 100 ms: per StatefulSet, pods NAME-0..replicas-1 exist (a missing one is created from the
/// current template, scheduled on <see cref="NodeName"/>, and its process started with a stable data
/// directory and the cluster file copied from the placement ConfigMap, as the ConfigMap mount would);
/// pods at or above replicas are deleted, highest ordinal first; a Terminating pod (scale-down, or the
/// operator's eviction; OnDelete strategy) has its process stopped with SIGTERM, then the kubelet
/// confirms the deletion with grace 0, and it is recreated from the new template once gone; the Ready condition follows
/// the node's /readyz. A process that dies on its own is restarted and counted in <see cref="Crashes"/>.
/// Every PID ever started is in <see cref="Pids"/> so the test can kill them all.
/// </summary>
internal sealed class ProcessStatefulSetController(KubernetesClient client, string ns, LocalPortAddresses addresses, string directory)
{
    // EP_E2E_NODE_DLL runs another build of the node (to tell an operator bug from a node regression).
    private static readonly string NodeDll = Environment.GetEnvironmentVariable("EP_E2E_NODE_DLL") is { Length: > 0 } other
        ? other
        : Path.Combine(AppContext.BaseDirectory, "entityplatform-samples.dll");
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>The Node the "pods" run on.</summary>
    public const string NodeName = "process-kubelet";

    /// <summary>
    /// An image whose tag is this never runs (as an image that cannot be pulled, or a container that
    /// exits at once): the pod exists, its container never starts, and it never gets ready.
    /// </summary>
    public const string BadTag = ":bad";
    private readonly Dictionary<string, PodProcess> _running = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };

    public ConcurrentBag<int> Pids { get; } = [];

    /// <summary>Pod names in the order their processes were started (a recreated pod appears again).</summary>
    public ConcurrentQueue<string> Started { get; } = new();

    public int Crashes { get; private set; }

    /// <summary>Pods created from a <see cref="BadTag"/> image (no process started).</summary>
    public ConcurrentQueue<string> BadPods { get; } = new();

    public string LogFile(string pod) => Path.Combine(directory, pod + ".log");

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    await SyncAsync(cancellation);
                }
                catch (Exception error) when (error is KubernetesApiException or HttpRequestException && !cancellation.IsCancellationRequested)
                {
                    // A conflict or a transient API error: the next pass looks again.
                }

                await Task.Delay(100, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            _http.Dispose();
        }
    }

    /// <summary>Kills every process this controller ever started (SIGKILL, by PID).</summary>
    public void KillAll()
    {
        foreach (var pid in Pids)
        {
            NodeProcesses.Kill(pid);
        }
    }

    private async Task SyncAsync(CancellationToken cancellation)
    {
        // The kubelet's part first, whoever owns the pod: a Terminating pod is stopped and confirmed even when
        // its StatefulSet is already gone (deleted by the operator's finalizer, its pods garbage-collected).
        var sets = (await client.ListAsync<V1StatefulSet>(ns, cancellation: cancellation)).Items.Select(set => set.Metadata.Name!).ToHashSet();
        foreach (var pod in (await client.ListAsync<V1Pod>(ns, cancellation: cancellation)).Items
            .Where(pod => pod.Metadata.DeletionTimestamp is not null && pod.Spec.NodeName == NodeName))
        {
            await StopAsync(pod.Metadata.Name!);
            await client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name!, preconditions: new V1Preconditions { Uid = pod.Metadata.Uid }, cancellation: cancellation, gracePeriodSeconds: 0);
        }
        foreach (var (podName, _) in _running.Where(entry => !sets.Contains(entry.Value.Set)).ToArray())
        {
            await StopAsync(podName); // its StatefulSet and pods are gone
        }

        foreach (var set in (await client.ListAsync<V1StatefulSet>(ns, cancellation: cancellation)).Items)
        {
            var name = set.Metadata.Name!;
            var replicas = set.Spec.Replicas ?? 0;
            var pods = (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = $"{ObjectNames.EntityTypeLabel}={name}" }, cancellation)).Items
                .Where(pod => Ordinal(name, pod.Metadata.Name!) >= 0)
                .ToDictionary(pod => pod.Metadata.Name!);

            // Pods deleted (or replaced) by someone else: the kubelet stops the container.
            foreach (var (podName, process) in _running.Where(entry => entry.Value.Set == name).ToArray())
            {
                if (!pods.TryGetValue(podName, out var pod) || pod.Metadata.Uid != process.Uid)
                {
                    await StopAsync(podName);
                }
            }

            // Terminating pods (evicted, or deleted by scale-down): the kubelet stops the container within
            // the grace period, then confirms with a delete of grace 0; only then is the pod gone.
            foreach (var pod in pods.Values.Where(pod => pod.Metadata.DeletionTimestamp is not null).ToArray())
            {
                await StopAsync(pod.Metadata.Name!);
                await client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name!, preconditions: new V1Preconditions { Uid = pod.Metadata.Uid }, cancellation: cancellation, gracePeriodSeconds: 0);
            }

            // Scale-down: highest ordinal first, one at a time.
            foreach (var pod in pods.Values.Where(pod => Ordinal(name, pod.Metadata.Name!) >= replicas && pod.Metadata.DeletionTimestamp is null)
                .OrderByDescending(pod => Ordinal(name, pod.Metadata.Name!)))
            {
                await client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name!, cancellation: cancellation);
            }

            for (var ordinal = 0; ordinal < replicas; ordinal++)
            {
                var podName = $"{name}-{ordinal}";
                if (pods.TryGetValue(podName, out var existing) && existing.Metadata.DeletionTimestamp is not null)
                {
                    continue; // the StatefulSet controller recreates a pod only once the old one is gone
                }

                if (!pods.TryGetValue(podName, out var pod))
                {
                    pod = await CreateAsync(set, ordinal, cancellation);
                }
                else if (_running.TryGetValue(podName, out var process) && !NodeProcesses.IsRunning(process.Pid))
                {
                    Crashes++;
                    _running[podName] = process with { Pid = StartProcess(name, ordinal) };
                }

                await ProbeAsync(pod, ordinal, cancellation);
            }
        }
    }

    private async Task<V1Pod> CreateAsync(V1StatefulSet set, int ordinal, CancellationToken cancellation)
    {
        var name = set.Metadata.Name!;
        var podName = $"{name}-{ordinal}";
        var created = await client.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = podName, NamespaceProperty = ns,
                Labels = new Dictionary<string, string>(set.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>()),
                Annotations = new Dictionary<string, string>(set.Spec.Template.Metadata.Annotations ?? new Dictionary<string, string>()),
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = name, Uid = set.Metadata.Uid!, Controller = true }],
            },
            // Scheduled on this machine: deletes are graceful and wait for this kubelet's confirmation.
            Spec = WithNode(set.Spec.Template.Spec),
        }, cancellation);
        created.Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1", HostIP = "127.0.0.1", Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }] };
        created = await client.UpdateStatusAsync(created, cancellation);
        if (set.Spec.Template.Spec.Containers.Any(container => container.Image?.EndsWith(BadTag, StringComparison.Ordinal) == true))
        {
            BadPods.Enqueue(podName);
            return created;
        }

        _running[podName] = new PodProcess(name, created.Metadata.Uid!, StartProcess(name, ordinal, await ClusterFileAsync(name, podName, cancellation)));
        return created;
    }

    /// <summary>The placement ConfigMap's cluster.json, checked with the node's own loader: what the pod's mount holds.</summary>
    /// <remarks>One file per pod, replaced atomically: a node starting beside it never reads a half-written file.</remarks>
    private async Task<string> ClusterFileAsync(string set, string pod, CancellationToken cancellation)
    {
        var configMap = await client.GetAsync<V1ConfigMap>(ns, $"{set}-placement", cancellation)
            ?? throw new InvalidOperationException($"no placement ConfigMap for {set}: the StatefulSet must not exist before it");
        var path = Path.Combine(directory, $"{pod}.cluster.json");
        await File.WriteAllTextAsync(path + ".tmp", configMap.Data![ObjectNames.PlacementKey], cancellation);
        ClusterFile.Load(path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    private int StartProcess(string set, int ordinal, string? clusterFile = null)
    {
        var podName = $"{set}-{ordinal}";
        var (grpc, @internal, http) = addresses.Ports(ordinal);
        var pid = NodeProcesses.Start("dotnet", [NodeDll], ObjectNames.NodeId(ordinal), Path.Combine(directory, podName),
            clusterFile ?? Path.Combine(directory, $"{podName}.cluster.json"), grpc, @internal, http, LogFile(podName));
        Pids.Add(pid);
        Started.Enqueue(podName);
        return pid;
    }

    private async Task StopAsync(string podName)
    {
        if (_running.Remove(podName, out var process))
        {
            await NodeProcesses.StopAsync(process.Pid, StopGrace);
        }
    }

    private async Task ProbeAsync(V1Pod pod, int ordinal, CancellationToken cancellation)
    {
        var ready = false;
        try
        {
            using var reply = await _http.GetAsync($"http://127.0.0.1:{addresses.Ports(ordinal).Http}/readyz", cancellation);
            ready = reply.IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
        }

        var status = ready ? "True" : "False";
        var condition = pod.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Ready");
        if (condition?.Status == status)
        {
            return;
        }

        pod.Status ??= new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1" };
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = status, LastTransitionTime = DateTime.UtcNow }];
        await client.UpdateStatusAsync(pod, cancellation);
    }

    private static V1PodSpec WithNode(V1PodSpec template)
    {
        var spec = k8s.KubernetesJson.Deserialize<V1PodSpec>(k8s.KubernetesJson.Serialize(template));
        spec.NodeName = NodeName;
        return spec;
    }

    private static int Ordinal(string set, string pod) =>
        pod.StartsWith(set + "-", StringComparison.Ordinal) && int.TryParse(pod.AsSpan(set.Length + 1), out var ordinal) ? ordinal : -1;

    private sealed record PodProcess(string Set, string Uid, int Pid);
}
