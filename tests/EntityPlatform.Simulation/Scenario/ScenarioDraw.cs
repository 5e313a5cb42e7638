using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Simulation.Scenario;

/// <summary>
/// Draws a run's parameters from its seed. Each feature is switched off in a share of the seeds (swarm
/// testing): a run with no loss but many conf changes finds different bugs than one where everything
/// happens at once, and bugs hide behind the noise of other faults.
/// </summary>
public static class ScenarioDraw
{
    private const int WritePayloadBytes = 9;

    public static ScenarioParameters Draw(ulong seed)
    {
        var random = new SeededRandom(seed ^ 0x5CE7_A210_0D15_EA5EUL);
        var electionTicks = random.Between(5, 15);
        var unitsPerElection = electionTicks * ScenarioParameters.UnitsPerTick;
        return new ScenarioParameters
        {
            Seed = seed,
            VoterCount = random.Between(1, 7),
            LearnerCount = random.Between(0, 2),
            SpareIdCount = random.Between(0, 3),
            ElectionTicks = electionTicks,
            HeartbeatTicks = random.Between(1, Math.Max(1, electionTicks / 4)),
            MaxClockDriftTicks = random.Between(0, Math.Min(3, electionTicks - 1)),
            CheckQuorum = random.Chance(0.85),
            PreVote = random.Chance(0.85),
            QuiesceAfterIdleTicks = random.Chance(0.35) ? random.Between(electionTicks, 3 * electionTicks) : 0,
            MaxInflightMessages = random.Chance(0.3) ? random.Between(1, 4) : 256,
            MaxSizePerMessageBytes = random.Chance(0.3) ? (ulong)random.Between(1, 200) : 1UL << 20,
            MaxCommittedBytesPerReady = random.Chance(0.2) ? (ulong)random.Between(1, 200) : 16UL << 20,
            MaxUncommittedEntriesBytes = random.Chance(0.3) ? (ulong)random.Between(1, 100) * WritePayloadBytes : 256UL << 20,
            LossProbability = random.Swarm(0.5, 0.001, 0.2),
            DuplicateProbability = random.Swarm(0.6, 0.001, 0.1),
            DelayMaxUnits = random.Between(1, 3 * ScenarioParameters.UnitsPerTick),
            LongDelayProbability = random.Swarm(0.6, 0.001, 0.05),
            LongDelayMaxUnits = random.Between(1, 2 * unitsPerElection),
            PartitionPerTick = random.Swarm(0.5, 0.001, 0.03),
            OneWayPartitionFraction = random.NextDouble(),
            PartitionTicksMax = random.Between(1, 5 * electionTicks),
            UnreachableReportProbability = random.Swarm(0.5, 0.1, 1.0),
            CrashPerTick = random.Swarm(0.5, 0.0005, 0.01),
            CrashInReadyProbability = random.Swarm(0.5, 0.0005, 0.01),
            TornWriteFraction = random.Swarm(0.3, 0.1, 0.9),
            DownTicksMax = random.Between(1, 4 * electionTicks),
            ClockFastPerTick = random.Swarm(0.5, 0.01, 0.2),
            CompactionPerTick = random.Swarm(0.4, 0.005, 0.1),
            KeepTailEntriesMax = random.Between(0, 30),
            ConfChangePerTick = random.Swarm(0.4, 0.005, 0.05),
            JointChangeFraction = random.NextDouble(),
            TransferPerTick = random.Swarm(0.5, 0.002, 0.03),
            FalseWakePerTick = random.Swarm(0.6, 0.001, 0.01),
            WritesPerTick = random.Swarm(0.1, 0.05, 3.0),
            ReadsPerTick = random.Swarm(0.2, 0.05, 1.5),
            LeaseReadFraction = random.NextDouble(),
            ToLeaderFraction = 0.5 + (random.NextDouble() * 0.5),
            SafetyTicks = random.Between(300, 900),
            LivenessTicksMax = 30 * electionTicks + 200,
        };
    }
}
