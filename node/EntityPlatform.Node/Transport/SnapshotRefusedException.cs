namespace EntityPlatform.Node.Transport;

/// <summary>A snapshot transfer refused by the receiving side; the message names the field and what was expected.</summary>
public sealed class SnapshotRefusedException(SnapshotRefusal refusal, string message, ulong fromNode) : Exception(message)
{
    public SnapshotRefusal Refusal { get; } = refusal;

    /// <summary>The sending node, 0 when it is not known yet (refused before the first chunk).</summary>
    public ulong FromNode { get; } = fromNode;
}
