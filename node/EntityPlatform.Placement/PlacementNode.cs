namespace EntityPlatform.Placement;

/// <summary>A ready node (pod) that can hold shard replicas, and the failure zone it runs in.</summary>
public sealed record PlacementNode(string Name, string Zone = "");
