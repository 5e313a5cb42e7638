using EntityPlatform.Simulation.Running;
using EntityPlatform.Simulation.Scenario;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Tests;

/// <summary>
/// End-to-end proof that the simulator catches a real protocol violation, not just fabricated events: a
/// host that sends a Ready's messages before persisting it (so a crash forgets votes and appends it
/// already announced) must be caught by a safety checker within a modest number of seeds.
/// </summary>
public sealed class SabotageTests
{
    [Fact]
    public void A_host_that_sends_before_persisting_is_caught()
    {
        var caught = new List<SeedResult>();
        for (var seed = 1UL; seed <= 300 && caught.Count == 0; seed++)
        {
            var parameters = ScenarioDraw.Draw(seed) with
            {
                Sabotage = HostSabotage.SendBeforePersist,
                CrashInReadyProbability = 0.05,
                TornWriteFraction = 0,
            };
            var result = SeedRunner.RunOne(parameters, TraceLog.Off());
            if (!result.Passed && !result.Failure!.StartsWith("liveness", StringComparison.Ordinal))
            {
                caught.Add(result);
            }
        }

        Assert.NotEmpty(caught);
    }
}
