using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

/// <summary>How far a leader believes one replica has replicated, as shown in status and metrics.</summary>
public readonly record struct ReplicaProgress(ulong Id, ulong Match, ulong Next, ProgressState State, bool IsLearner, bool RecentActive);
