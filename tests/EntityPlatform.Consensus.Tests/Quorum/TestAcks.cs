using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tests.Quorum;

/// <summary>Acknowledged indexes from a plain dictionary; ids not in it have not acknowledged anything.</summary>
internal sealed class TestAcks(Dictionary<ulong, ulong> acked) : IAckedIndexer
{
    public bool TryGetAckedIndex(ulong voterId, out ulong index) => acked.TryGetValue(voterId, out index);
}
