namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// A membership change proposed as one log entry. Several single changes in one entry require joint
/// consensus. An empty change means "leave the joint configuration".
/// </summary>
public sealed record ConfChange(ConfChangeTransition Transition, IReadOnlyList<ConfChangeSingle> Changes)
{
    /// <summary>The change that leaves a joint configuration.</summary>
    public static readonly ConfChange LeaveJoint = new(ConfChangeTransition.Auto, []);

    public static ConfChange Of(params ConfChangeSingle[] changes) => new(ConfChangeTransition.Auto, changes);

    public bool IsLeaveJoint => Changes.Count == 0;

    /// <summary>
    /// Whether applying this change enters a joint configuration, and if so whether the group leaves it
    /// by itself. A single change under Auto is applied directly (one voter at a time is safe).
    /// </summary>
    public (bool UsesJoint, bool AutoLeave) EnterJoint()
    {
        if (Transition != ConfChangeTransition.Auto || Changes.Count > 1)
        {
            return (true, Transition is ConfChangeTransition.Auto or ConfChangeTransition.JointImplicit);
        }

        return (false, false);
    }

    public bool Equals(ConfChange? other) =>
        other is not null && Transition == other.Transition && Changes.SequenceEqual(other.Changes);

    public override int GetHashCode() => HashCode.Combine(Transition, Changes.Count);

    /// <summary>Canonical text form, as in etcd's traces: <c>v2 l3 r4</c>, with the transition when not Auto.</summary>
    public override string ToString()
    {
        var text = IsLeaveJoint ? "leave-joint" : string.Join(' ', Changes);
        return Transition == ConfChangeTransition.Auto ? text : $"{text} ({Transition})";
    }
}
