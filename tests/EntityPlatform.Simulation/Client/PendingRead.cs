using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;

namespace EntityPlatform.Simulation.Client;

/// <summary>A read waiting for its ReadState, then for the replica to apply up to the ReadState's index.</summary>
public sealed class PendingRead(ulong nodeId, ReadTicket ticket, ReadMode mode, bool onLeader, bool leaseValid, long issuedTick)
{
    public ulong NodeId => nodeId;
    public ReadTicket Ticket => ticket;
    public ReadMode Mode => mode;
    public bool OnLeader => onLeader;

    /// <summary>The leader held a lease when the read was asked: a Lease read is answered without a round trip.</summary>
    public bool LeaseValid => leaseValid;

    public long IssuedTick => issuedTick;

    /// <summary>The ReadState's index once it arrived.</summary>
    public ulong? ReadIndex { get; set; }
}
