using System.Collections.Concurrent;
using EntityPlatform.Kubernetes.Client;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Kubernetes.Watching;

/// <summary>
/// A list+watch cache of one kind (client-go's reflector and store). <see cref="RunAsync"/> lists,
/// then watches from the list's resourceVersion, and keeps doing so until cancelled: it resumes after
/// drops, bookmarks and server timeouts, relists after 410 Gone and after 504 "Too large resource version", and restarts a watch that goes quiet
/// (the watchdog). It never returns early, so a caller cannot end up with a silently dead watch.
/// Every change calls <c>onChange</c> with the object's key; consumers read the cache (the level),
/// never the event, so a missed or merged event cannot mislead them.
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly KubernetesClient _client;
    private readonly InformerOptions _options;
    private readonly Action<ObjectKey> _onChange;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ObjectKey, T> _cache = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;
    private bool _resumable;

    public Informer(KubernetesClient client, InformerOptions options, Action<ObjectKey>? onChange = null, ILogger? logger = null)
    {
        options.Validate();
        _client = client;
        _options = options;
        _onChange = onChange ?? (_ => { });
        _logger = logger ?? NullLogger.Instance;
    }

    public InformerStats Stats { get; } = new();

    /// <summary>True once the first list has filled the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The version the next watch resumes from.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    public T? Get(ObjectKey key) => _cache.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyList<T> List() => [.. _cache.Values];

    public Task WaitForSyncAsync(CancellationToken cancellation) => _synced.Task.WaitAsync(cancellation);

    private void Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        _cache[key] = obj;
        _onChange(key);
    }

    private void Remove(ObjectKey key)
    {
        if (_cache.TryRemove(key, out _))
        {
            _onChange(key);
        }
    }

    /// <summary>Replaces the whole cache with a fresh list; objects missing from it were deleted meanwhile.</summary>
    private void Replace(IEnumerable<T> items, string? resourceVersion)
    {
        var listed = items.Select(ObjectKey.Of).ToHashSet();
        foreach (var key in _cache.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            Remove(key);
        }
        foreach (var item in items)
        {
            Upsert(item);
        }
        Volatile.Write(ref _resourceVersion, resourceVersion);
        _synced.TrySetResult();
    }
}
