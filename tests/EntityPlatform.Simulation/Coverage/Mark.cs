namespace EntityPlatform.Simulation.Coverage;

/// <summary>
/// Observable events the simulator must keep producing (TigerBeetle's coverage marks). A test asserts that
/// the CI seed range hits each one, so a change that quietly stops exercising a feature fails loudly.
/// </summary>
public enum Mark
{
    ElectionWon,
    LeaderSteppedDown,
    PreVoteRejected,
    VoteRejected,
    SnapshotSent,
    SnapshotInstalled,
    Compaction,
    JointEntered,
    JointLeft,
    LearnerAdded,
    LearnerPromoted,
    VoterAdded,
    MemberRemoved,
    ConfChangeRefused,
    TransferRequested,
    TransferCompleted,
    LeaseReadServed,
    SafeReadServed,
    FollowerReadServed,
    Quiesced,
    WokenByDetector,
    FalseWake,
    Crash,
    CrashBeforePersist,
    CrashTornWrite,
    CrashAfterPersist,
    CrashAfterSend,
    CrashAfterApply,
    Restart,
    MessageLost,
    MessageDuplicated,
    MessageCutByPartition,
    PartitionSymmetric,
    PartitionOneWay,
    ProposalForwarded,
    ProposalOverloaded,
    WriteAcked,
    WriteOverwritten,
    ClockRanFast,
    LivenessReached,
}
