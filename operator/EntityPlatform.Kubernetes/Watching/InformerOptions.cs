using EntityPlatform.Kubernetes.Client;

namespace EntityPlatform.Kubernetes.Watching;

/// <summary>Bounds of an informer's list+watch loop.</summary>
public sealed class InformerOptions
{
    /// <summary>The namespace to watch; null watches all namespaces.</summary>
    public string? Namespace { get; init; }

    public ListOptions Selectors { get; init; } = new();

    /// <summary>
    /// Server-side watch timeout (timeoutSeconds). Each watch picks a random length between this and
    /// twice this, so many informers do not all reconnect at the same moment.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The watchdog: no event or bookmark for this long restarts the watch.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("InformerOptions.WatchTimeout must be at least 1 s.", nameof(WatchTimeout));
        }
        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("InformerOptions.IdleTimeout must be positive.", nameof(IdleTimeout));
        }
        if (BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase)
        {
            throw new ArgumentException("InformerOptions.BackoffMax must be at least BackoffBase (> 0).", nameof(BackoffMax));
        }
    }
}
