namespace EntityPlatform.Kubernetes.Client;

/// <summary>The "type" of a watch event that carries an object.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change; only a newer resourceVersion to resume from (allowWatchBookmarks).</summary>
    Bookmark,
}
