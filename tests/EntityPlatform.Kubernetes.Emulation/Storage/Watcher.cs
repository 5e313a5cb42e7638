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

    /// <summary>
    /// What this watch sees of a change, as the API server's cacher decides it: a modification that
    /// moves an object into the label selector is ADDED, one that moves it out is DELETED (carrying the
    /// last state that matched, at the change's resourceVersion), one outside before and after is nothing.
    /// </summary>
    public (string Type, JsonObject Object)? Translate(StoredEvent change)
    {
        if (change.Definition.QualifiedName != definition.QualifiedName
            || (@namespace is not null && change.Namespace != @namespace)
            || (name is not null && Meta.Name(change.Object) != name))
        {
            return null;
        }

        var now = labels.Matches(Meta.Labels(change.Object));
        if (change.Type != "MODIFIED" || change.Previous is null)
        {
            return now ? (change.Type, change.Object) : null;
        }

        var before = labels.Matches(Meta.Labels(change.Previous));
        if (now)
        {
            return (before ? "MODIFIED" : "ADDED", change.Object);
        }

        if (!before)
        {
            return null;
        }

        var last = (JsonObject)change.Previous.DeepClone();
        Meta.Of(last)["resourceVersion"] = change.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ("DELETED", last);
    }

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
