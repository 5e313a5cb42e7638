using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

[Description("The desired deployment of the entity type.")]
[Rule("self.nodes >= self.replicationFactor",
    "nodes must be at least replicationFactor: two replicas of one shard never share a pod")]
public sealed class EntityTypeSpec
{
    [Required]
    [Length(1, 512)]
    [Description("Container image of the node host that hosts this entity type, e.g. registry.example.com/counter:1.4.0.")]
    public string Image { get; set; } = "";

    [Required]
    [Length(1, 253)]
    [Pattern("^[A-Za-z_][A-Za-z0-9_.]*$")]
    [Description("Name of the entity type inside the image, e.g. Counter or Bank.Account.")]
    public string Entity { get; set; } = "";

    [Required]
    [Minimum(1)]
    [Maximum(4096)]
    [Immutable("shards is immutable: every entity id hashes to one shard (stableHash64(id) mod shards), so the count is fixed when the EntityType is created")]
    [Description("Number of shards; each is one Raft group. Fixed at creation.")]
    public int Shards { get; set; }

    [Minimum(1)]
    [Maximum(7)]
    [Default(3)]
    [Rule("self % 2 == 1", "replicationFactor must be odd (1, 3, 5 or 7): an even group tolerates no more failures than the odd group one smaller")]
    [Description("Replicas per shard, each on a different pod. Odd, from 1 to 7.")]
    public int? ReplicationFactor { get; set; }

    [Required]
    [Minimum(1)]
    [Maximum(1000)]
    [Description("Number of node pods; the scale subresource sets it (kubectl scale entitytype/NAME --replicas=N).")]
    public int Nodes { get; set; }

    [Description("Persistent volume of each node pod, holding the Raft log and snapshots.")]
    public StorageSpec? Storage { get; set; }

    [Description("Compute resources of the node container.")]
    public ComputeResources? Resources { get; set; }

    [Description("Raft timings shared by every shard of this type.")]
    public RaftTimings? Raft { get; set; }

    [Default("linearizable")]
    [Description("Default consistency of reads: linearizable (ReadIndex), lease (leader lease) or boundedStaleness (follower reads).")]
    public ReadMode? Reads { get; set; }

    [Default("topology.kubernetes.io/zone")]
    [Length(1, 316)]
    [Description("Node label that pods and shard replicas are spread across.")]
    public string? TopologySpreadKey { get; set; }
}
