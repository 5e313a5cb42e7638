using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Nodes;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Plans the placement over the member pods (ordinals below the target size) with the shared planner,
/// publishes a new version in the ConfigMap, and hands the current version to every ready node through
/// ApplyPlacement on every pass (nodes ignore versions they have; a restarted node catches up). It
/// replans only when every member is ready: a pod down for a moment (a rolling update, a crash) must
/// not have its replicas moved away. A new plan is reached in steps (<see cref="PlacementStepper"/>):
/// each pod takes part in one shard move at a time, and the next step waits until the nodes report
/// every shard converged on the current one. The nodes themselves never remove a replica before its
/// replacement is promoted.
/// </summary>
public sealed class PlacementReconciler(KubernetesClient client, INodeAdmin admin, INodeAddresses addresses, EventRecorder events, NodeZones zones)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // A pod takes part in at most this many shard moves at once (receiving a snapshot, or giving a replica up).
    private const int MaxMovesPerNode = 1;

    public async Task<ReconcileResult> ReconcileAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        var observation = context.Observation!;
        var members = Math.Min(type.Spec.Nodes, context.CurrentReplicas);
        var memberPods = Enumerable.Range(0, members).Select(ordinal => ObjectNames.Pod(type, ordinal)).ToArray();
        var missing = memberPods.Where(name => observation.Pod(name) is not { } pod || !ClusterObservation.IsReady(pod) || observation.Unreachable.Contains(name)).ToArray();
        var nodeCount = Math.Max(type.Spec.Nodes, context.CurrentReplicas);

        var stepsLeft = false;
        if (missing.Length == 0)
        {
            // Zones come from the Nodes the pods run on (pods do not carry their node's labels).
            var nodeOf = memberPods.ToDictionary(name => name, name => observation.Pod(name)!.Spec.NodeName ?? "");
            var zoneOf = await zones.ZonesAsync(nodeOf.Values, type.Spec.TopologySpreadKey ?? PodTemplateBuilder.DefaultTopologyKey, cancellation).ConfigureAwait(false);
            var nodes = memberPods.Select(name => new PlacementNode(name, zoneOf.GetValueOrDefault(nodeOf[name]) ?? "")).ToArray();
            var plan = PlacementPlanner.Plan(new PlacementRequest(type.Spec.Shards, type.Spec.ReplicationFactorOrDefault(), nodes, context.Placement));
            // The founding placement is published whole (no data exists yet); later ones one step at a time,
            // each step once the nodes have converged on the previous one.
            var next = context.Placement is null ? plan
                : MovingShards(context.Placement, observation).Length == 0 ? PlacementStepper.NextStep(context.Placement, plan, MaxMovesPerNode)
                : context.Placement;
            if (context.Placement is null || next.Version != context.Placement.Version)
            {
                await client.ApplyAsync(PlacementConfigMapBuilder.Build(type, next, nodeCount, addresses, PlacementConfigMapBuilder.IsFounded(type, context.Document)), ObjectNames.FieldManager, force: true, cancellation: cancellation).ConfigureAwait(false);
                var moves = context.Placement is null ? 0 : PlacementPlanner.CountMoves(context.Placement, next);
                var left = PlacementPlanner.CountMoves(next, plan);
                await events.RecordAsync(type, "Normal", "PlacementChanged",
                    $"placement v{next.Version} over {members} pods: {moves} replica moves" + (left > 0 ? $", {left} more in later steps" : ""), cancellation).ConfigureAwait(false);
                context.Placement = next;
            }

            stepsLeft = !plan.SamePlacementAs(context.Placement);
        }
        else
        {
            context.Progress.Add($"waiting for pods to be ready before placing shards: {string.Join(", ", missing)}");
        }

        if (context.Placement is null)
        {
            return ReconcileResult.After(PollInterval);
        }

        await PublishAsync(context, nodeCount, cancellation).ConfigureAwait(false);
        var moving = MovingShards(context.Placement, observation);
        if (moving.Length > 0)
        {
            context.Progress.Add($"placement v{context.Placement.Version}: {moving.Length} shards converging ({Shorten(moving)})");
            return ReconcileResult.After(PollInterval);
        }

        if (stepsLeft)
        {
            context.Progress.Add($"placement v{context.Placement.Version}: more shard moves to come, one per pod at a time");
        }

        return missing.Length == 0 && !stepsLeft ? ReconcileResult.Done : ReconcileResult.After(PollInterval);
    }

    private static int[] MovingShards(ShardMap placement, ClusterObservation observation) =>
        placement.Shards.Where(shard => !observation.Converged(shard.Shard, shard.Replicas)).Select(shard => shard.Shard).ToArray();

    private async Task PublishAsync(ReconcileContext context, int nodeCount, CancellationToken cancellation)
    {
        var type = context.Type;
        var request = new ApplyPlacementRequest { Version = (ulong)context.Placement!.Version };
        request.Nodes.AddRange(Enumerable.Range(0, nodeCount).Select(ordinal =>
            new NodeAddress { NodeId = ObjectNames.NodeId(ordinal), Address = addresses.Grpc(type, ordinal).ToString() }));
        foreach (var shard in context.Placement.Shards)
        {
            var entry = new Grpc.Api.V1.ShardPlacement { EntityType = ObjectNames.HostedEntityType(type), ShardId = (uint)shard.Shard };
            entry.ReplicaNodeIds.AddRange(shard.Replicas.Select(pod => PlacementConfigMapBuilder.NodeIdOf(type, pod)));
            request.Shards.Add(entry);
        }

        var targets = context.Observation!.ReadyPods.Select(pod => ObjectNames.Ordinal(type, pod.Metadata.Name!))
            .Where(ordinal => ordinal >= 0 && !context.Observation.Unreachable.Contains(ObjectNames.Pod(type, ordinal)));
        // A node that refuses or times out gets the same version on the next pass; nothing here is lost.
        await Task.WhenAll(targets.Select(async ordinal =>
        {
            try
            {
                await admin.ApplyPlacementAsync(addresses.Grpc(type, ordinal), request, cancellation).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                context.Progress.Add($"{ObjectNames.Pod(type, ordinal)} did not take placement v{request.Version}: {error.Message}");
            }
        })).ConfigureAwait(false);
    }

    internal static string Shorten(IReadOnlyList<int> shards) =>
        string.Join(", ", shards.Take(10)) + (shards.Count > 10 ? $" and {shards.Count - 10} more" : "");
}
