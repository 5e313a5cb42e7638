namespace EntityPlatform.Kubernetes.Http;

/// <summary>
/// Every bound of the client in one place. The defaults suit an operator talking to a healthy API
/// server; tests shrink the timeouts.
/// </summary>
public sealed class KubernetesClientOptions
{
    /// <summary>Whole-request limit for everything except watches (which have their own timeouts).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for a retryable request (reads, applies, deletes): 429, 5xx and transport failures.</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Caps both the exponential backoff and a server's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lists are read in pages of this many items (limit/continue), so no response is huge.</summary>
    public int ListPageSize { get; init; } = 500;

    public int MaxConnectionsPerServer { get; init; } = 32;

    public string UserAgent { get; init; } = "entityplatform-operator";

    public void Validate()
    {
        Check(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be positive");
        Check(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Check(MaxAttempts is >= 1 and <= 10, nameof(MaxAttempts), "must be between 1 and 10");
        Check(RetryBaseDelay >= TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay, nameof(RetryMaxDelay),
            "must be at least RetryBaseDelay");
        Check(ListPageSize is >= 1 and <= 10_000, nameof(ListPageSize), "must be between 1 and 10000");
    }

    private static void Check(bool condition, string field, string expected)
    {
        if (!condition)
        {
            throw new ArgumentException($"KubernetesClientOptions.{field} {expected}.", field);
        }
    }
}
