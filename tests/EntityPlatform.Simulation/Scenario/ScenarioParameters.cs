namespace EntityPlatform.Simulation.Scenario;

/// <summary>
/// Everything a seed decides about one run before it starts (swarm testing, as in TigerBeetle's VOPR): the
/// cluster's shape, the core's settings, and the rate of every fault and client action. Rates are
/// probabilities per tick unless the name says otherwise; a rate of 0 turns the feature off for the run.
/// </summary>
public sealed record ScenarioParameters
{
    /// <summary>Simulated time advances in units; a tick is this many units, so messages can land between ticks.</summary>
    public const int UnitsPerTick = 4;

    public required ulong Seed { get; init; }

    // Shape.
    public required int VoterCount { get; init; }
    public required int LearnerCount { get; init; }

    /// <summary>Ids beyond the initial members that conf changes may add (ids are never reused).</summary>
    public required int SpareIdCount { get; init; }

    // Core settings.
    public required int ElectionTicks { get; init; }
    public required int HeartbeatTicks { get; init; }
    public required int MaxClockDriftTicks { get; init; }
    public required bool CheckQuorum { get; init; }
    public required bool PreVote { get; init; }
    public required int QuiesceAfterIdleTicks { get; init; }
    public required int MaxInflightMessages { get; init; }
    public required ulong MaxSizePerMessageBytes { get; init; }
    public required ulong MaxCommittedBytesPerReady { get; init; }
    public required ulong MaxUncommittedEntriesBytes { get; init; }

    // Network.
    public required double LossProbability { get; init; }
    public required double DuplicateProbability { get; init; }
    public required int DelayMaxUnits { get; init; }
    public required double LongDelayProbability { get; init; }
    public required int LongDelayMaxUnits { get; init; }
    public required double PartitionPerTick { get; init; }
    public required double OneWayPartitionFraction { get; init; }
    public required int PartitionTicksMax { get; init; }
    public required double UnreachableReportProbability { get; init; }

    // Replica faults.
    public required double CrashPerTick { get; init; }
    public required double CrashInReadyProbability { get; init; }
    public required double TornWriteFraction { get; init; }
    public required int DownTicksMax { get; init; }
    public required double ClockFastPerTick { get; init; }

    // Background work and operator actions.
    public required double CompactionPerTick { get; init; }
    public required int KeepTailEntriesMax { get; init; }
    public required double ConfChangePerTick { get; init; }
    public required double JointChangeFraction { get; init; }
    public required double TransferPerTick { get; init; }
    public required double FalseWakePerTick { get; init; }

    // Client load.
    public required double WritesPerTick { get; init; }
    public required double ReadsPerTick { get; init; }
    public required double LeaseReadFraction { get; init; }
    public required double ToLeaderFraction { get; init; }

    // Phases.
    public required int SafetyTicks { get; init; }
    public required int LivenessTicksMax { get; init; }

    /// <summary>A deliberately broken host (tests only); None in every real run.</summary>
    public HostSabotage Sabotage { get; init; } = HostSabotage.None;

    public int InitialMemberCount => VoterCount + LearnerCount;

    public int NodeCount => VoterCount + LearnerCount + SpareIdCount;

    public override string ToString() =>
        $"voters={VoterCount} learners={LearnerCount} spare={SpareIdCount} election={ElectionTicks} heartbeat={HeartbeatTicks} " +
        $"drift={MaxClockDriftTicks} checkQuorum={CheckQuorum} preVote={PreVote} quiesce={QuiesceAfterIdleTicks} " +
        $"inflight={MaxInflightMessages} msgBytes={MaxSizePerMessageBytes} uncommittedBytes={MaxUncommittedEntriesBytes} loss={LossProbability:F3} dup={DuplicateProbability:F3} " +
        $"delayMax={DelayMaxUnits}u partition={PartitionPerTick:F3} oneWay={OneWayPartitionFraction:F2} crash={CrashPerTick:F4} " +
        $"crashInReady={CrashInReadyProbability:F4} torn={TornWriteFraction:F2} compaction={CompactionPerTick:F3} " +
        $"confChange={ConfChangePerTick:F3} joint={JointChangeFraction:F2} transfer={TransferPerTick:F3} writes={WritesPerTick:F2} " +
        $"reads={ReadsPerTick:F2} lease={LeaseReadFraction:F2} ticks={SafetyTicks}";
}
