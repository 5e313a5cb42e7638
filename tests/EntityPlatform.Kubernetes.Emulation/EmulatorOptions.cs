using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Kubernetes.Emulation;

/// <summary>Knobs of the emulated API server; every queue and history is bounded.</summary>
public sealed class EmulatorOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The global resourceVersion before the first write. A real server's is never 0 (etcd revisions
    /// start at 1); 0 lets a test show what an empty list's "0" does to a client.
    /// </summary>
    public long InitialResourceVersion { get; init; } = 1;

    /// <summary>How many changes watches can resume across; older versions answer 410 Gone.</summary>
    public int MaxHistory { get; init; } = 10_000;

    /// <summary>Lines queued per watch before the server closes it as too slow.</summary>
    public int WatchQueueCapacity { get; init; } = 1_000;

    /// <summary>How often a watch with allowWatchBookmarks gets a BOOKMARK (about a minute on a real server).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of a watch's timeoutSeconds.</summary>
    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Answer a watch from a compacted version with HTTP 410 instead of 200 and an ERROR event (older
    /// servers and some proxies do the former; clients must handle both).
    /// </summary>
    public bool WatchGoneAsHttpStatus { get; init; }

    /// <summary>
    /// How long a watch or list from a resourceVersion the store has not reached yet waits for it before
    /// failing with 504 "Too large resource version" (the API server's watch cache blocks 3 s).
    /// </summary>
    public TimeSpan TooLargeResourceVersionWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Request bodies above this are refused with 413 (the real limit is 3 MiB).</summary>
    public int MaxRequestBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>
    /// When set, a request is served only if this returns true for its bearer token (null when absent)
    /// or it presented a client certificate; otherwise 401.
    /// </summary>
    public Func<string?, bool>? AcceptToken { get; init; }

    /// <summary>Serve HTTPS with this certificate (it must hold its private key); plain HTTP when null.</summary>
    public X509Certificate2? ServerCertificate { get; init; }
}
