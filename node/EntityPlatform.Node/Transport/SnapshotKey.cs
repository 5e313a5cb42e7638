namespace EntityPlatform.Node.Transport;

/// <summary>Identifies one snapshot transfer: which group, from which node, and which snapshot (index and term).</summary>
public readonly record struct SnapshotKey(ulong GroupId, ulong FromNode, ulong Index, ulong Term)
{
    public override string ToString() => $"group {GroupId} from node {FromNode} at {Term}/{Index}";
}
