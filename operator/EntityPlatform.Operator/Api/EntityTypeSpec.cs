using System.ComponentModel;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Crd;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Api;

/// <summary>
/// The desired deployment. Defaults and checks are <see cref="EntityTypeContract"/>'s, shared with local
/// mode: the CRD states them for the API server, and <see cref="Reconcile.SpecValidator"/> applies the
/// same contract to what arrives. There is no read-consistency field: clients choose it per query.
/// </summary>
[Description("The desired deployment of the entity type. The entity type that node images must register is metadata.name.")]
[Rule("self.nodes >= self.replicationFactor",
    "nodes must be at least replicationFactor: two replicas of one shard never share a pod")]
[Rule("has(self.storage) == has(oldSelf.storage) && (!has(self.storage) || self.storage == oldSelf.storage)",
    "storage is immutable: a StatefulSet's volumeClaimTemplates cannot change, so create a new EntityType to move to other volumes")]
public sealed class EntityTypeSpec
{
    [Required]
    [Length(1, 512)]
    [Description("Container image of the node host; it must register an entity type named metadata.name, e.g. registry.example.com/counter:1.4.0.")]
    public string Image { get; set; } = "";

    [Required]
    [Minimum(1)]
    [Maximum(EntityTypeContract.MaxShards)]
    [Immutable("shards is immutable: every entity id hashes to one shard (stableHash64(id) mod shards), so the count is fixed when the EntityType is created")]
    [Description("Number of shards; each is one Raft group. Fixed at creation.")]
    public int Shards { get; set; }

    [Minimum(1)]
    [Maximum(EntityTypeContract.MaxReplicationFactor)]
    [Default(EntityTypeContract.DefaultReplicationFactor)]
    [Rule("self % 2 == 1", "replicationFactor must be odd (1, 3, 5 or 7): an even group tolerates no more failures than the odd group one smaller")]
    [Description("Replicas per shard, each on a different pod. Odd, from 1 to 7.")]
    public int? ReplicationFactor { get; set; }

    [Required]
    [Minimum(1)]
    [Maximum(EntityTypeContract.MaxNodes)]
    [Description("Number of node pods; the scale subresource sets it (kubectl scale entitytype/NAME --replicas=N).")]
    public int Nodes { get; set; }

    [Description("Persistent volume of each node pod, holding the Raft log and snapshots. Immutable.")]
    public StorageSpec? Storage { get; set; }

    [Description("Compute resources of the node container.")]
    public ComputeResources? Resources { get; set; }

    [MaxItems(64)]
    [Pattern(KubernetesPatterns.LabelValue)]
    [Description("Node labels a node must carry to run the node pods, as a pod's nodeSelector.")]
    public Dictionary<string, string>? NodeSelector { get; set; }

    [MaxItems(64)]
    [Description("Tolerations of the node pods, as in a pod spec.")]
    public List<PodToleration>? Tolerations { get; set; }

    [Description("Affinity of the node pods (nodeAffinity, podAffinity, podAntiAffinity), as in a pod spec; the API server checks it when the operator writes the StatefulSet. Pods are always spread across hosts regardless.")]
    public AffinityRules? Affinity { get; set; }

    [MaxItems(16)]
    [Description("Secrets with registry credentials for spec.image.")]
    public List<PullSecretReference>? ImagePullSecrets { get; set; }

    [Length(1, 253)]
    [Pattern(KubernetesPatterns.Dns1123Subdomain)]
    [Description("PriorityClass of the node pods.")]
    public string? PriorityClassName { get; set; }

    [MaxItems(64)]
    [Description("Annotations of the node pods (e.g. for a service mesh or a log collector). Keys under entityplatform.io/ are the operator's and are refused.")]
    public Dictionary<string, string>? PodAnnotations { get; set; }

    [MaxItems(128)]
    [MapList("name")]
    [Description("Environment variables of the node container, by name. HOSTNAME is reserved.")]
    public List<EnvironmentVariable>? Env { get; set; }

    [Description("Raft timings shared by every shard of this type; a change rolls the pods, one at a time.")]
    public RaftTimings? Raft { get; set; }

    [Description("Committed events kept for subscribers; a change rolls the pods, one at a time (a node reads it at start).")]
    public EventsSpec? Events { get; set; }

    [Default("topology.kubernetes.io/zone")]
    [Length(1, 316)]
    [Description("Node label that pods are spread across (best effort), and that the placement planner reads, from the Node each pod runs on, to spread each shard's replicas across zones; pods are always spread across hosts (kubernetes.io/hostname).")]
    public string? TopologySpreadKey { get; set; }

    /// <summary>spec.replicationFactor with the contract's default: the one place the operator reads it.</summary>
    public int ReplicationFactorOrDefault() => ReplicationFactor ?? EntityTypeContract.DefaultReplicationFactor;

    /// <summary>spec.raft with the contract's defaults for what is left out.</summary>
    public (int TickMs, int ElectionTicks, int HeartbeatTicks) RaftOrDefaults() =>
        (Raft?.TickMs ?? EntityTypeContract.DefaultTickMs, Raft?.ElectionTicks ?? EntityTypeContract.DefaultElectionTicks,
            Raft?.HeartbeatTicks ?? EntityTypeContract.DefaultHeartbeatTicks);
}
