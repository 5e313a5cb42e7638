using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

/// <summary>A snapshot of one replica's state for admin APIs, metrics and tests.</summary>
public sealed record RaftStatus(
    ulong Id,
    ulong GroupId,
    StateRole Role,
    ulong Term,
    ulong Vote,
    ulong Leader,
    ulong Commit,
    ulong Applied,
    ulong LastIndex,
    ulong LeadTransferee,
    bool Quiesced,
    bool LeaseValid,
    ConfState ConfState,
    IReadOnlyList<ReplicaProgress> Progress)
{
    public override string ToString() =>
        $"{Id}: {Role} term={Term} vote={Vote} lead={Leader} commit={Commit} applied={Applied} last={LastIndex}" +
        (Quiesced ? " quiesced" : "") + $" conf={ConfState}";
}
