namespace EntityPlatform.Simulation.Client;

/// <summary>A proposal the core appended at (Index, Term) on the proposer; acknowledged if the proposer applies exactly that.</summary>
public readonly record struct PendingWrite(ulong Proposer, ulong Index, ulong Term, int Key, ulong WriteId, byte[] Data, long IssuedTick);
