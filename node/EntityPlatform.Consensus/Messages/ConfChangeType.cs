namespace EntityPlatform.Consensus.Messages;

/// <summary>One step of a membership change.</summary>
public enum ConfChangeType : byte
{
    AddNode = 0,
    RemoveNode = 1,
    AddLearnerNode = 2,
}
