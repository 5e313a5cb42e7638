using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Operator.Controller;

/// <summary>
/// KubeOps' pipeline: informers (EntityTypes, and the owned kinds mapped to their EntityType) → the work
/// queue (one entry per EntityType) → workers → the reconciler, with a periodic resync. One call of
/// <see cref="RunAsync"/> is one leadership term: everything, the queue included, lives and dies with
/// the token, so nothing reconciles after the lease is lost.
/// </summary>
public sealed class OperatorController(
    KubernetesClient client, IReconciler reconciler, ControllerOptions options, OperatorMetrics metrics, TimeProvider time, ILoggerFactory? logs = null, Reconcile.NodeZones? zones = null)
{
    private const string ManagedBy = "app.kubernetes.io/managed-by=entityplatform-operator";
    private const string NodePods = "app.kubernetes.io/name=entityplatform-node";
    private readonly ILoggerFactory _logs = logs ?? NullLoggerFactory.Instance;

    /// <summary>True once every informer of the current term has listed; for /readyz.</summary>
    public bool Synced { get; private set; }

    public async Task RunAsync(CancellationToken cancellation)
    {
        options.Validate();
        using var queue = new WorkQueue(options.Queue, time);
        metrics.QueueDepth = () => queue.Depth;
        var types = new Informer<EntityType>(client, Informer(null), queue.Add, _logs.CreateLogger("informer.entitytypes"));
        var owned = new List<(Task Run, Func<bool> Synced)>();
        Task Watch<T>(string selector)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            Informer<T>? informer = null;
            informer = new Informer<T>(client, Informer(selector), key => MapToOwner(key, informer!.Get(key), types, queue), _logs.CreateLogger($"informer.{typeof(T).Name}"));
            owned.Add((informer.RunAsync(cancellation), () => informer.HasSynced));
            return informer.WaitForSyncAsync(cancellation);
        }

        // Nodes, cluster-wide, for the planner's zones: no reconcile reacts to a Node change (a zone label
        // moving is rare; the next pass, at the latest the resync, reads it).
        var nodes = zones is null ? null : new Informer<V1Node>(client, new InformerOptions { WatchTimeout = options.WatchTimeout }, _ => { }, _logs.CreateLogger("informer.nodes"));
        if (nodes is not null)
        {
            owned.Add((nodes.RunAsync(cancellation), () => nodes.HasSynced));
            zones!.Attach(nodes);
        }

        var runTypes = types.RunAsync(cancellation);
        try
        {
            await Task.WhenAll(
                nodes?.WaitForSyncAsync(cancellation) ?? Task.CompletedTask,
                types.WaitForSyncAsync(cancellation),
                Watch<V1StatefulSet>(ManagedBy), Watch<V1ConfigMap>(ManagedBy), Watch<V1Service>(ManagedBy),
                Watch<V1PodDisruptionBudget>(ManagedBy), Watch<V1Pod>(NodePods)).ConfigureAwait(false);
            Synced = true;
            using var resync = time.CreateTimer(_ => AddAll(types, queue), null, options.ResyncPeriod, options.ResyncPeriod);
            await new ReconcileLoop(queue, reconciler, metrics, _logs.CreateLogger<ReconcileLoop>()).RunAsync(options.Workers, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The term ended.
        }
        finally
        {
            Synced = false;
            zones?.Detach();
            queue.ShutDown();
            await Quietly(runTypes).ConfigureAwait(false);
            foreach (var (run, _) in owned)
            {
                await Quietly(run).ConfigureAwait(false);
            }
        }
    }

    private InformerOptions Informer(string? selector) => new()
    {
        Namespace = string.IsNullOrEmpty(options.WatchNamespace) ? null : options.WatchNamespace,
        Selectors = new ListOptions { LabelSelector = selector },
        WatchTimeout = options.WatchTimeout,
    };

    private static void MapToOwner(ObjectKey changed, IKubernetesObject<V1ObjectMeta>? cached, Informer<EntityType> types, WorkQueue queue)
    {
        foreach (var candidate in OwnerMapper.Candidates(changed, cached))
        {
            if (types.Get(candidate) is not null)
            {
                queue.Add(candidate);
                return;
            }
        }
    }

    private static void AddAll(Informer<EntityType> types, WorkQueue queue)
    {
        foreach (var type in types.List())
        {
            queue.Add(ObjectKey.Of(type));
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Informers end by cancellation.
        }
    }
}
