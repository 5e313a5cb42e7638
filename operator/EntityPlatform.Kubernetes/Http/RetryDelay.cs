namespace EntityPlatform.Kubernetes.Http;

/// <summary>Exponential backoff with full jitter, capped; a server's Retry-After wins up to the cap.</summary>
public static class RetryDelay
{
    public static TimeSpan For(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } after)
        {
            return after < maxDelay ? after : maxDelay;
        }
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        // Full jitter: many operators retrying after one API server hiccup must not retry in lockstep.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
