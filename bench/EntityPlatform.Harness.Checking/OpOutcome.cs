namespace EntityPlatform.Harness.Checking;

/// <summary>How an operation ended, as the client saw it.</summary>
public enum OpOutcome
{
    /// <summary>Acknowledged: it took effect exactly once between invoke and completion.</summary>
    Ok,

    /// <summary>Timed out or cut off: it may take effect at any time after invoke, or never.</summary>
    Indeterminate,

    /// <summary>Definitely not applied (e.g. rejected before reaching a leader); the checker ignores it.</summary>
    Failed,
}
