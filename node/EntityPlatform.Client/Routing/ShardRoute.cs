namespace EntityPlatform.Client.Routing;

/// <summary>
/// What the client believes about one shard. Immutable: the map swaps whole values, so a reader never sees
/// a leader paired with another leader's term.
/// </summary>
/// <param name="LeaderNodeId">0 when no leader is known (an election is in progress, or the last one failed us).</param>
/// <param name="Term">The Raft term of that belief; a higher term always wins.</param>
/// <param name="FromHint">Learned from an ep-leader-hint, which carries no term: a Topology answer of the same term overrides it.</param>
/// <param name="Replicas">Nodes that reported holding a replica (for reads that any replica may serve).</param>
internal sealed record ShardRoute(ulong LeaderNodeId, ulong Term, bool FromHint, IReadOnlyList<ulong> Replicas)
{
    public static readonly ShardRoute Unknown = new(0, 0, false, []);
}
