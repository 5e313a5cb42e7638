namespace EntityPlatform.Harness.Checking;

public enum Verdict
{
    Linearizable,
    NotLinearizable,

    /// <summary>The step budget ran out before the search could decide.</summary>
    Unknown,
}
