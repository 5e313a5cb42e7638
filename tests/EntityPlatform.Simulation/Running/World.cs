using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Client;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Network;
using EntityPlatform.Simulation.Scenario;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Running;

/// <summary>The shared pieces of one run that replica hosts report to. One per seed; never shared across threads.</summary>
public sealed class World
{
    public required ScenarioParameters Parameters { get; init; }
    public required SimNetwork Network { get; init; }
    public required SafetyChecker Checker { get; init; }
    public required MarkCounts Marks { get; init; }
    public required TraceLog Trace { get; init; }
    public required Workload Workload { get; init; }

    public long NowUnits { get; set; }

    public long NowTicks => NowUnits / ScenarioParameters.UnitsPerTick;
}
