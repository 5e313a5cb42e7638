namespace EntityPlatform.Simulation.Scenario;

/// <summary>
/// Deliberate host bugs, used only by tests to prove the checkers catch a real broken protocol end to end
/// (a checker fed only fabricated events could still miss what a real run produces).
/// </summary>
public enum HostSabotage
{
    None,

    /// <summary>Sends a Ready's messages before persisting its hard state and entries, breaking Ready's order: a crash in between loses votes and acknowledged appends.</summary>
    SendBeforePersist,
}
