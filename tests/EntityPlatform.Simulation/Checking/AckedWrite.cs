namespace EntityPlatform.Simulation.Checking;

/// <summary>A write the client was told succeeded: its proposer applied (Index, Term) with this payload.</summary>
public readonly record struct AckedWrite(ulong Index, ulong Term, int Key, ulong WriteId, ulong Proposer)
{
    public override string ToString() => $"write#{WriteId} key{Key} at {Term}/{Index} via n{Proposer}";
}
