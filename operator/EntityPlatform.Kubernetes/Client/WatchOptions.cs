namespace EntityPlatform.Kubernetes.Client;

/// <summary>Parameters of one watch request.</summary>
public sealed record WatchOptions
{
    /// <summary>Start after this version; null or "0" starts with synthetic ADDED events for every object.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The server ends the watch after this long; the caller starts a new one.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The watchdog: when no line (event or bookmark) arrives for this long, the watch is treated as
    /// dead and <see cref="WatchIdleException"/> is thrown. Keep it well above the server's bookmark
    /// interval (about a minute on a real API server).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public bool AllowBookmarks { get; init; } = true;

    public ListOptions Selectors { get; init; } = new();
}
