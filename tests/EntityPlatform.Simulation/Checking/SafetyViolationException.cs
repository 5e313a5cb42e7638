namespace EntityPlatform.Simulation.Checking;

/// <summary>A checker saw the cluster break a Raft safety property. Always a bug, in the core or in the simulator's host.</summary>
public sealed class SafetyViolationException(string property, string detail)
    : Exception($"{property}: {detail}")
{
    /// <summary>The property's short name, for example "one leader per term".</summary>
    public string Property { get; } = property;
}
