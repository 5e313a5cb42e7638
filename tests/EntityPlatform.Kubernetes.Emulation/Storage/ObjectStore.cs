using System.Globalization;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>
/// The emulated etcd plus the API server's write path. One lock orders every write, so one global
/// counter gives every change its resourceVersion, and history and watchers see changes in that
/// order. Objects are kept as JSON trees and handed out as deep copies.
/// </summary>
public sealed partial class ObjectStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private long _resourceVersion;
    private long _compactedThrough;

    public ObjectStore(EmulatorOptions options)
    {
        _options = options;
        _time = options.Time;
        _resourceVersion = options.InitialResourceVersion;
        _compactedThrough = options.InitialResourceVersion;
        _collector = Task.Run(CollectGarbageLoopAsync);
    }

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public JsonObject Get(ResourceDefinition def, string @namespace, string name)
    {
        lock (_gate)
        {
            return (JsonObject)Find(def, @namespace, name).DeepClone();
        }
    }

    /// <summary>Matching objects sorted by namespace and name, and the version they were read at.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceDefinition def, string? @namespace, LabelQuery labels, string? name)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(o => o.Key.Resource == def.QualifiedName && (@namespace is null || o.Key.Namespace == @namespace))
                .Where(o => (name is null || o.Key.Name == name) && labels.Matches(Meta.Labels(o.Value)))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    private JsonObject Find(ResourceDefinition def, string @namespace, string name) =>
        _objects.TryGetValue((def.QualifiedName, @namespace, name), out var obj) ? obj : throw ApiError.NotFound(def, name);

    private JsonObject? TryFind(ResourceDefinition def, string @namespace, string name) =>
        _objects.GetValueOrDefault((def.QualifiedName, @namespace, name));

    private string NextVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stores the new state of an object with a fresh resourceVersion and tells the watchers.</summary>
    private JsonObject Commit(ResourceDefinition def, string @namespace, JsonObject obj, string type)
    {
        var key = (def.QualifiedName, @namespace, Meta.Name(obj));
        var previous = type == "MODIFIED" ? _objects.GetValueOrDefault(key)?.DeepClone() as JsonObject : null;
        Meta.Of(obj)["resourceVersion"] = NextVersion();
        if (type == "DELETED")
        {
            _objects.Remove(key);
            _collectSignal.Writer.TryWrite(true);
        }
        else
        {
            _objects[key] = obj;
            if (Meta.OwnerReferences(obj).Count > 0)
            {
                // The garbage collector looks at every new owner reference: one to an owner that does not
                // exist (never did, or was deleted before the dependent was written) gets the dependent deleted.
                _collectSignal.Writer.TryWrite(true);
            }
        }
        Record(new StoredEvent(_resourceVersion, type, def, @namespace, (JsonObject)obj.DeepClone(), previous));
        return (JsonObject)obj.DeepClone();
    }

    private void Record(StoredEvent change)
    {
        _history.AddLast(change);
        while (_history.Count > _options.MaxHistory)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
        foreach (var watcher in _watchers.ToList())
        {
            if (watcher.Translate(change) is { } seen && !watcher.Offer(seen.Type, seen.Object))
            {
                CloseSlow(watcher);
            }
        }
    }

    /// <summary>Watches closed because their queue overflowed (the client was too slow).</summary>
    public int SlowWatchesClosed => Volatile.Read(ref _slowWatchesClosed);

    private int _slowWatchesClosed;

    private void CloseSlow(Watcher watcher)
    {
        _watchers.Remove(watcher);
        Interlocked.Increment(ref _slowWatchesClosed);
    }

    public void Dispose()
    {
        _collectSignal.Writer.TryComplete();
        _collector.Wait(TimeSpan.FromSeconds(5));
    }
}
