using System.Text.Json.Nodes;
using System.Threading.Channels;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    private const string ForegroundFinalizer = "foregroundDeletion";
    private readonly Channel<bool> _collectSignal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _collector;

    /// <summary>
    /// Deletes an object. With finalizers it only gets a deletionTimestamp and stays until the last
    /// finalizer is removed. Dependents are handled by <paramref name="propagation"/>: Background (the
    /// garbage collector deletes them afterwards), Foreground (the owner waits for them) or Orphan.
    /// </summary>
    public JsonObject Delete(ResourceDefinition def, string @namespace, string name, string propagation, string? uid, string? resourceVersion,
        long? gracePeriodSeconds = null)
    {
        lock (_gate)
        {
            var obj = Find(def, @namespace, name);
            if (!string.IsNullOrEmpty(uid) && uid != Meta.Uid(obj))
            {
                throw ApiError.Conflict(def, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(obj)}");
            }
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != Meta.ResourceVersion(obj))
            {
                throw ApiError.Conflict(def, name,
                    $"Precondition failed: ResourceVersion in precondition: {resourceVersion}, ResourceVersion in object meta: {Meta.ResourceVersion(obj)}");
            }
            switch (propagation)
            {
                case "Orphan":
                    Orphan(Meta.Uid(obj));
                    break;
                case "Foreground":
                    var finalizers = Meta.Finalizers(obj);
                    if (!finalizers.Contains(ForegroundFinalizer) && !Meta.Deleting(obj))
                    {
                        obj = (JsonObject)obj.DeepClone();
                        Meta.SetFinalizers(obj, [.. finalizers, ForegroundFinalizer]);
                    }
                    break;
                case "Background":
                    break;
                default:
                    throw ApiError.BadRequest($"propagationPolicy must be Background, Foreground or Orphan, not '{propagation}'");
            }
            return DeleteLocked(def, @namespace, obj, gracePeriodSeconds);
        }
    }

    private static bool IsPod(ResourceDefinition def) => def.Group.Length == 0 && def.Plural == "pods";

    /// <summary>
    /// A scheduled pod (spec.nodeName set) is deleted gracefully, as a real server does: it gets a
    /// deletionTimestamp and deletionGracePeriodSeconds (the request's, else the pod's
    /// terminationGracePeriodSeconds, else 30) and stays Terminating until its kubelet confirms that the
    /// containers stopped by deleting it again with grace 0. An unscheduled pod has no kubelet and goes at once.
    /// </summary>
    private JsonObject DeleteLocked(ResourceDefinition def, string @namespace, JsonObject obj, long? gracePeriodSeconds = null)
    {
        if (IsPod(def) && gracePeriodSeconds != 0 && obj["spec"]?["nodeName"]?.ToString() is { Length: > 0 })
        {
            if (Meta.Deleting(obj))
            {
                return (JsonObject)obj.DeepClone();
            }
            var terminating = (JsonObject)obj.DeepClone();
            Meta.Of(terminating)["deletionTimestamp"] = Now();
            Meta.Of(terminating)["deletionGracePeriodSeconds"] = gracePeriodSeconds
                ?? (long.TryParse(obj["spec"]?["terminationGracePeriodSeconds"]?.ToString(), out var grace) ? grace : 30);
            return Commit(def, @namespace, terminating, "MODIFIED");
        }

        if (Meta.Finalizers(obj).Count == 0)
        {
            return Commit(def, @namespace, (JsonObject)obj.DeepClone(), "DELETED");
        }
        if (Meta.Deleting(obj))
        {
            return (JsonObject)obj.DeepClone();
        }
        var marked = (JsonObject)obj.DeepClone();
        Meta.Of(marked)["deletionTimestamp"] = Now();
        Meta.Of(marked)["deletionGracePeriodSeconds"] = 0;
        _collectSignal.Writer.TryWrite(true);
        return Commit(def, @namespace, marked, "MODIFIED");
    }

    private void Orphan(string ownerUid)
    {
        foreach (var ((resource, @namespace, _), dependent) in _objects.ToList())
        {
            var references = Meta.OwnerReferences(dependent);
            if (references.Any(r => r["uid"]?.ToString() == ownerUid))
            {
                var next = (JsonObject)dependent.DeepClone();
                Meta.Of(next)["ownerReferences"] = new JsonArray(references
                    .Where(r => r["uid"]?.ToString() != ownerUid).Select(r => (JsonNode)r.DeepClone()).ToArray());
                Commit(Definition(resource), @namespace, next, "MODIFIED");
            }
        }
    }

    private async Task CollectGarbageLoopAsync()
    {
        await foreach (var _ in _collectSignal.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            lock (_gate)
            {
                while (CollectGarbageOnce())
                {
                }
            }
        }
    }

    /// <summary>
    /// One pass of the garbage collector: deletes objects all of whose owners are gone, deletes the
    /// dependents of owners in foreground deletion, and releases those owners once no dependent is left.
    /// </summary>
    private bool CollectGarbageOnce()
    {
        var live = _objects.Values.Select(Meta.Uid).ToHashSet();
        foreach (var ((resource, @namespace, _), obj) in _objects.ToList())
        {
            var owners = Meta.OwnerReferences(obj).Select(r => r["uid"]?.ToString() ?? "").ToList();
            if (owners.Count > 0 && owners.All(o => !live.Contains(o)) && !Meta.Deleting(obj))
            {
                DeleteLocked(Definition(resource), @namespace, obj);
                return true;
            }
        }
        foreach (var ((resource, @namespace, _), owner) in _objects.ToList())
        {
            if (!Meta.Deleting(owner) || !Meta.Finalizers(owner).Contains(ForegroundFinalizer))
            {
                continue;
            }
            var uid = Meta.Uid(owner);
            var dependents = _objects.Where(o => Meta.OwnerReferences(o.Value).Any(r => r["uid"]?.ToString() == uid)).ToList();
            foreach (var dependent in dependents.Where(d => !Meta.Deleting(d.Value)))
            {
                DeleteLocked(Definition(dependent.Key.Resource), dependent.Key.Namespace, dependent.Value);
                return true;
            }
            if (dependents.Count == 0)
            {
                var released = (JsonObject)owner.DeepClone();
                Meta.SetFinalizers(released, Meta.Finalizers(owner).Where(f => f != ForegroundFinalizer).ToList());
                Save(Definition(resource), @namespace, owner, released);
                return true;
            }
        }
        return false;
    }
}
