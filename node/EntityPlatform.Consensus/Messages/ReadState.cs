namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// The answer to a <c>ReadIndex</c> request: once the local state machine has applied up to
/// <see cref="Index"/>, a read tagged <see cref="Context"/> observes every write acknowledged before the
/// read was requested.
/// </summary>
public readonly record struct ReadState(ulong Context, ulong Index)
{
    public override string ToString() => $"ReadState(ctx:{Context} index:{Index})";
}
