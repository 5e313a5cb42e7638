using System.Text.Json.Nodes;
using System.Threading.Channels;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>
/// One open watch: a bounded queue of JSON lines the HTTP side streams out. A watcher that falls
/// behind by more than the capacity is closed, as the API server closes slow watchers; the client
/// resumes from its last resourceVersion and misses nothing.
/// </summary>
public sealed class Watcher(ResourceDefinition definition, string? @namespace, LabelQuery labels, string? name, int capacity)
{
    private readonly CancellationTokenSource _dropped = new();

    public Channel<string> Lines { get; } = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true });

    /// <summary>Fires when a test drops the connection (the HTTP side aborts it).</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>A stalled watch keeps its connection open but sends nothing, not even bookmarks.</summary>
    public bool Stalled { get; set; }

    public bool AllowBookmarks { get; init; }

    public bool Matches(StoredEvent change) =>
        change.Definition.QualifiedName == definition.QualifiedName
        && (@namespace is null || change.Namespace == @namespace)
        && (name is null || Meta.Name(change.Object) == name)
        && labels.Matches(Meta.Labels(change.Object));

    /// <summary>Queues one event; false when the queue overflowed and the watch was closed.</summary>
    internal bool Offer(string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();
        if (Lines.Writer.TryWrite(line))
        {
            return true;
        }
        Lines.Writer.TryComplete();
        return false;
    }

    internal void Drop()
    {
        _dropped.Cancel();
        Lines.Writer.TryComplete();
    }
}
