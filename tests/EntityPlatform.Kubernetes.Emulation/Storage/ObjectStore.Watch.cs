using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with a synthetic ADDED per current
    /// object; with one, it replays the history after it, or fails with 410 Gone when that part of
    /// the history was compacted away.
    /// </summary>
    public Watcher Watch(ResourceDefinition def, string? @namespace, LabelQuery labels, string? name, string? resourceVersion, bool bookmarks)
    {
        var watcher = new Watcher(def, @namespace, labels, name, _options.WatchQueueCapacity) { AllowBookmarks = bookmarks };
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in List(def, @namespace, labels, name).Items)
                {
                    if (!watcher.Offer("ADDED", obj))
                    {
                        Interlocked.Increment(ref _slowWatchesClosed);
                        return watcher; // closed already: the client reads what fit and resumes from there
                    }
                }
            }
            else
            {
                if (!long.TryParse(resourceVersion, out var since))
                {
                    throw ApiError.BadRequest($"resourceVersion: Invalid value: \"{resourceVersion}\": must be an integer");
                }
                if (since < _compactedThrough)
                {
                    throw ApiError.Gone($"too old resource version: {since} ({_compactedThrough + 1})");
                }
                foreach (var change in _history.Where(c => c.ResourceVersion > since && watcher.Matches(c)))
                {
                    if (!watcher.Offer(change.Type, change.Object))
                    {
                        Interlocked.Increment(ref _slowWatchesClosed);
                        return watcher;
                    }
                }
            }
            _watchers.Add(watcher);
        }
        return watcher;
    }

    public void StopWatching(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>Queues a BOOKMARK carrying the current version: every earlier change is already queued.</summary>
    public void Bookmark(Watcher watcher, ResourceDefinition def)
    {
        lock (_gate)
        {
            var bookmark = new JsonObject
            {
                ["kind"] = def.Kind,
                ["apiVersion"] = def.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            watcher.Offer("BOOKMARK", bookmark);
        }
    }

    /// <summary>Test hook: forgets all history, so resuming any current watch position answers 410.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _compactedThrough = _resourceVersion;
            _history.Clear();
        }
    }

    /// <summary>Test hook: ends every open watch with an ERROR event (410 Expired), as a server does after compaction.</summary>
    public int ExpireWatches()
    {
        lock (_gate)
        {
            _compactedThrough = _resourceVersion;
            _history.Clear();
            var status = ApiError.Gone($"too old resource version: {_resourceVersion}").ToStatus();
            foreach (var watcher in _watchers)
            {
                watcher.Offer("ERROR", status);
                watcher.Lines.Writer.TryComplete();
            }
            var count = _watchers.Count;
            _watchers.Clear();
            return count;
        }
    }

    /// <summary>Test hook: aborts every open watch connection mid-stream.</summary>
    public int DropWatches() => ForEachWatcher(w => w.Drop());

    /// <summary>Test hook: every open watch goes silent (no events, no bookmarks) but stays connected.</summary>
    public int StallWatches() => ForEachWatcher(w => w.Stalled = true);

    private int ForEachWatcher(Action<Watcher> action)
    {
        lock (_gate)
        {
            var watchers = _watchers.ToList();
            _watchers.Clear(); // a stalled or dropped watcher gets no further events
            watchers.ForEach(action);
            return watchers.Count;
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>True when history up to <paramref name="resourceVersion"/> is gone (continue tokens expire).</summary>
    public bool IsCompacted(long resourceVersion)
    {
        lock (_gate)
        {
            return resourceVersion < _compactedThrough;
        }
    }
}
