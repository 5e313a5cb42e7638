namespace EntityPlatform.Consensus.Quorum;

/// <summary>
/// Tells a quorum configuration which log index each voter has acknowledged. Kept as an interface so
/// the commit computation can read the leader's progress map directly, without copying it per call.
/// </summary>
public interface IAckedIndexer
{
    /// <summary>False when nothing is known about the voter yet; the quorum then counts it as index 0.</summary>
    bool TryGetAckedIndex(ulong voterId, out ulong index);
}
