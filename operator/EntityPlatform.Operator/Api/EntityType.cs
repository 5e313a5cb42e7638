using System.ComponentModel;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Crd;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Api;

/// <summary>
/// entityplatform.io/v1alpha1 EntityType: one deployed entity type. The operator turns it into a
/// StatefulSet of node pods and spreads the type's shards (Raft groups) across them. The CRD in
/// crds/entitytypes.entityplatform.io.yaml is generated from this type and its attributes.
/// </summary>
[CustomResource(Group, Version, "EntityType", "entitytypes", ShortNames = ["et"], Categories = ["entityplatform"])]
[Description("EntityType deploys one entity type: a StatefulSet of node pods that host its shards, each shard a Raft group of replicationFactor replicas on different pods.")]
[PrinterColumn(0, "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether every shard has a leader and a full set of replicas")]
[PrinterColumn(1, "Nodes", "integer", ".spec.nodes", "Desired number of node pods")]
[PrinterColumn(2, "Shards", "integer", ".spec.shards", "Number of shards (fixed at creation)")]
[PrinterColumn(3, "Leaders", "integer", ".status.shards.withLeader", "Shards that currently have a leader")]
[PrinterColumn(4, "Age", "date", ".metadata.creationTimestamp", "Time since creation")]
[Rule("self.metadata.name.size() <= " + EntityTypeContract.MaxNameLengthText + " && self.metadata.name.matches(\"" + EntityTypeContract.NamePattern + "\")",
    "metadata.name must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most " + EntityTypeContract.MaxNameLengthText
    + " characters: it names the Services, the StatefulSet and its pods and labels, and it is the entity type name node images register")]
[ScaleSubresource(".spec.nodes", ".status.nodes", ".status.selector")]
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = "EntityType", PluralName = "entitytypes")]
public sealed class EntityType : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "entityplatform.io";
    public const string Version = "v1alpha1";

    public string ApiVersion { get; set; } = Group + "/" + Version;

    public string Kind { get; set; } = "EntityType";

    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    public EntityTypeSpec Spec { get; set; } = new();

    public EntityTypeStatus? Status { get; set; }
}
