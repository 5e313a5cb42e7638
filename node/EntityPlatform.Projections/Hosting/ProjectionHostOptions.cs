namespace EntityPlatform.Projections.Hosting;

/// <summary>Settings of a <see cref="ProjectionHost{TUnitOfWork}"/>; <see cref="Validate"/> names every bad value.</summary>
public sealed class ProjectionHostOptions
{
    /// <summary>Names the projection in logs and metrics (the store keys its checkpoints by its own name).</summary>
    public string Name { get; set; } = "projection";

    /// <summary>Most events handed to the projection in one transaction.</summary>
    public int MaxBatchEvents { get; set; } = 500;

    /// <summary>Most payload bytes in one batch; a single larger event still forms a batch of its own.</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Events read ahead of the projection. When the buffer is full the host stops reading the stream, so a
    /// slow read model slows the subscription (gRPC flow control) instead of growing memory.
    /// </summary>
    public int BufferEvents { get; set; } = 2_000;

    /// <summary>Tries of one batch (the first included) before the poison policy applies.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before retry n is min(RetryDelayMax, RetryDelayBase·2ⁿ⁻¹); also between resubscriptions.</summary>
    public TimeSpan RetryDelayBase { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stream failures in a row (no batch applied in between) before the host gives up.</summary>
    public int MaxConsecutiveSourceFailures { get; set; } = 30;

    public PoisonPolicy PoisonPolicy { get; set; } = PoisonPolicy.Stop;

    /// <summary>
    /// Stream errors that retrying cannot fix (for gRPC: UNIMPLEMENTED, NOT_FOUND, INVALID_ARGUMENT, OUT_OF_RANGE
    /// when the checkpoint is behind the cluster's retention): the host stops at the first one with
    /// <see cref="ProjectionSourceFailedException"/> instead of resubscribing. Null: every stream error is retried.
    /// </summary>
    public Func<Exception, bool>? IsPermanentSourceError { get; set; }

    /// <summary>
    /// A shard this projection has never applied may start above offset 1 (its first events are past the
    /// cluster's retention). Off by default: then such a start is a gap, and the host will not build a read
    /// model that silently lacks old events.
    /// </summary>
    public bool AcceptFirstOffsetAboveOne { get; set; }

    /// <summary>Every problem, each naming the option and what was expected; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors.Add($"Name must be 1..200 characters, got '{Name}'");
        }

        Range(errors, nameof(MaxBatchEvents), MaxBatchEvents, 1, 100_000);
        Range(errors, nameof(MaxBatchBytes), MaxBatchBytes, 1, 256 * 1024 * 1024);
        Range(errors, nameof(BufferEvents), BufferEvents, 1, 1_000_000);
        Range(errors, nameof(MaxAttempts), MaxAttempts, 1, 100);
        Range(errors, nameof(MaxConsecutiveSourceFailures), MaxConsecutiveSourceFailures, 1, 10_000);
        if (RetryDelayBase < TimeSpan.Zero || RetryDelayBase > RetryDelayMax || RetryDelayMax > TimeSpan.FromMinutes(10))
        {
            errors.Add($"RetryDelayBase must be >= 0 and <= RetryDelayMax <= 10 min, got {RetryDelayBase} and {RetryDelayMax}");
        }

        if (!Enum.IsDefined(PoisonPolicy))
        {
            errors.Add($"PoisonPolicy must be Stop or DeadLetter, got {(int)PoisonPolicy}");
        }

        return errors;
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan RetryDelay(int retry)
    {
        Invariant.Assert(retry >= 1);
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = Math.Min(RetryDelayMax.Ticks, RetryDelayBase.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} must be in {min}..{max}, got {value}");
        }
    }
}
