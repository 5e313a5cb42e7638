using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using k8s;

namespace EntityPlatform.Kubernetes.Watching;

public sealed partial class Informer<T>
{
    /// <summary>Runs list+watch until <paramref name="cancellation"/> fires; only then does it return.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var mustList = true;
        var failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellation).ConfigureAwait(false);
                    mustList = false;
                }
                if (await WatchAsync(cancellation).ConfigureAwait(false))
                {
                    failures = 0;
                    mustList = !_resumable; // ended normally: resume from the last version if that is safe
                    continue;
                }
                // Ended without a single line, not even a bookmark: a server (or proxy) that closes
                // watches at once must not turn this loop into a hot loop, so back off as after a failure.
                Stats.Failed();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }
            catch (GoneException e)
            {
                Stats.Gone();
                Log.Gone(_logger, typeof(T).Name, ResourceVersion, e.Message);
                var listFailed = mustList;
                mustList = true;
                if (!listFailed)
                {
                    continue; // a relist is the recovery of a watch; it needs no backoff
                }
            }
            catch (TooLargeResourceVersionException e) when (!mustList)
            {
                // The version came from a list by a server further ahead than the one watching. Retrying
                // it could wait forever (nothing may ever be written); a fresh list is consistent.
                Stats.TooLarge();
                Log.TooLarge(_logger, typeof(T).Name, ResourceVersion, e.Message);
                mustList = true;
                continue;
            }
            catch (WatchIdleException e)
            {
                Stats.Idle();
                Log.Idle(_logger, typeof(T).Name, e.Message);
                mustList = !_resumable;
                continue;
            }
            catch (KubernetesApiException e)
            {
                // An unexpected ERROR event or status: the cache may be behind in ways a resume cannot fix.
                Stats.Failed();
                Log.Failed(_logger, typeof(T).Name, e);
                mustList = true;
            }
            catch (Exception e)
            {
                // A dropped connection, a timeout, a malformed event: resume from the last version.
                Stats.Failed();
                Log.Failed(_logger, typeof(T).Name, e);
                mustList = !_resumable;
            }
            failures++;
            await BackoffAsync(failures, cancellation).ConfigureAwait(false);
        }
    }

    private async Task BackoffAsync(int failures, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(RetryDelay.For(failures - 1, _options.BackoffBase, _options.BackoffMax), cancellation)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while waiting: the loop condition ends the run.
        }
    }

    private async Task ListAsync(CancellationToken cancellation)
    {
        var list = await _client.ListAsync<T>(_options.Namespace, _options.Selectors, cancellation).ConfigureAwait(false);
        Stats.Listed();
        Replace(list.Items, list.Metadata?.ResourceVersion);
        Log.Listed(_logger, typeof(T).Name, list.Items.Count, list.Metadata?.ResourceVersion);
    }

    /// <summary>One watch from the last version; true when it delivered at least one line.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellation)
    {
        Stats.Watched();
        // client-go's spread: a random length in [timeout, 2 x timeout).
        var timeout = _options.WatchTimeout * (1 + Random.Shared.NextDouble());
        var options = new WatchOptions
        {
            ResourceVersion = ResourceVersion,
            Timeout = timeout,
            IdleTimeout = _options.IdleTimeout,
            AllowBookmarks = true,
            Selectors = _options.Selectors,
        };
        // A watch from no version (or "0") opens with synthetic ADDED events in name order, not version
        // order: if it breaks before a bookmark, the last event's version is no safe place to resume.
        _resumable = !string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0";
        var delivered = false;
        await foreach (var change in _client.WatchAsync<T>(_options.Namespace, options, cancellation).ConfigureAwait(false))
        {
            delivered = true;
            Apply(change);
        }
        return delivered;
    }

    private void Apply(WatchEvent<T> change)
    {
        switch (change.Type)
        {
            case WatchEventType.Bookmark:
                Stats.Bookmark();
                _resumable = true; // every change up to a bookmark's version has been delivered
                break;
            case WatchEventType.Deleted:
                Stats.Event();
                Remove(ObjectKey.Of(change.Object));
                break;
            default:
                Stats.Event();
                Upsert(change.Object);
                break;
        }
        Volatile.Write(ref _resourceVersion, change.ResourceVersion ?? _resourceVersion);
    }
}
