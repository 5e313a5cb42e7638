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
                if (since > _resourceVersion)
                {
                    throw ApiError.TooLargeResourceVersion(since, _resourceVersion);
                }
                foreach (var change in _history.Where(c => c.ResourceVersion > since))
                {
                    if (watcher.Translate(change) is { } seen && !watcher.Offer(seen.Type, seen.Object))
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

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the store to reach <paramref name="resourceVersion"/>, as the
    /// API server's watch cache blocks for a version it has not caught up with; false when it did not.
    /// </summary>
    public async Task<bool> WaitForVersionAsync(long resourceVersion, TimeSpan limit, CancellationToken cancellation)
    {
        // Wall time on purpose: this bounds an HTTP request, and a test's manual clock must not hang it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (CurrentResourceVersion < resourceVersion)
        {
            if (waited.Elapsed >= limit)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellation).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Test hook: the next <paramref name="lists"/> list responses report a resourceVersion
    /// <paramref name="ahead"/> beyond the store's, as a list served by an API server whose watch cache is
    /// ahead of the one the next watch reaches (HA control planes, a restarted server). A watch from such
    /// a version fails with 504 "Too large resource version"; the client must relist.
    /// </summary>
    public void ReportListVersionsAhead(int lists, long ahead)
    {
        lock (_gate)
        {
            _listsAhead = lists;
            _listVersionSkew = ahead;
        }
    }

    /// <summary>The skew to add to this list's reported version (consumes one of <see cref="ReportListVersionsAhead"/>'s lists).</summary>
    internal long TakeListVersionSkew()
    {
        lock (_gate)
        {
            if (_listsAhead <= 0)
            {
                return 0;
            }
            _listsAhead--;
            return _listVersionSkew;
        }
    }

    private int _listsAhead;
    private long _listVersionSkew;

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
