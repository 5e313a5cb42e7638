namespace EntityPlatform.Operator.Reconcile;

/// <summary>What a (sub-)reconciler asks for: nothing more, or another pass after a delay.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new(null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);

    public bool IsDone => RequeueAfter is null;

    /// <summary>The sooner of two requests: a pass serves every sub-reconciler that asked.</summary>
    public ReconcileResult And(ReconcileResult other) =>
        RequeueAfter is null ? other
        : other.RequeueAfter is null ? this
        : new(RequeueAfter < other.RequeueAfter ? RequeueAfter : other.RequeueAfter);
}
