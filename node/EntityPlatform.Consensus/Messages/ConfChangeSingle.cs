namespace EntityPlatform.Consensus.Messages;

/// <summary>One member added, removed or made a learner.</summary>
public readonly record struct ConfChangeSingle(ConfChangeType Type, ulong NodeId)
{
    public override string ToString() => Type switch
    {
        ConfChangeType.AddNode => $"v{NodeId}",
        ConfChangeType.RemoveNode => $"r{NodeId}",
        ConfChangeType.AddLearnerNode => $"l{NodeId}",
        _ => $"?{NodeId}",
    };
}
