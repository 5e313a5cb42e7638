using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Patching;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    private static readonly HashSet<string> UnownedMetadata =
        ["name", "namespace", "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>
    /// Server-side apply, simplified: the manager owns exactly the leaf fields of its last applied
    /// configuration; a field another manager (applier or updater) owns with a different value is a
    /// conflict unless forced (then ownership moves); fields the manager applied before and no longer
    /// applies are removed when no other manager owns them. Objects merge key by key, list-maps item by
    /// item (<see cref="ListMaps"/>), other lists are replaced whole.
    /// </summary>
    public JsonObject Apply(ResourceDefinition def, string @namespace, string name, JsonObject config, string manager, bool force, bool status)
    {
        lock (_gate)
        {
            CheckKind(def, config);
            if (Meta.Name(config) != name)
            {
                throw ApiError.BadRequest($"metadata.name in the apply configuration ('{Meta.Name(config)}') must match the name on the URL ({name})");
            }
            var applied = FieldSet.Leaves(config, path => Owned(def, path, status), path => ListMaps.Keys(def, path));
            var subresource = status ? "status" : "";
            var old = TryFind(def, @namespace, name);
            if (old is null)
            {
                if (status)
                {
                    throw ApiError.NotFound(def, name);
                }
                var created = (JsonObject)config.DeepClone();
                Meta.Of(created)["managedFields"] = ManagedFields.Write(new() { [new FieldManager(manager, FieldManager.Apply, "")] = applied }, def.ApiVersion, Now());
                return CreateLocked(def, @namespace, created);
            }
            CheckVersion(def, old, Meta.ResourceVersion(config));
            var managers = ManagedFields.Read(old);
            var self = new FieldManager(manager, FieldManager.Apply, subresource);
            TakeOwnership(def, name, managers, self, applied, old, config, force);
            var next = (JsonObject)old.DeepClone();
            var previous = managers.GetValueOrDefault(self) ?? new FieldSet();
            foreach (var path in previous.Paths.Where(p => !applied.Contains(p) && !managers.Values.Any(m => m != previous && m.Contains(p))))
            {
                FieldSet.RemoveFrom(next, path);
            }
            MergeInto(def, next, config, []);
            managers[self] = applied;
            next = status ? WithStatusOf(old, next) : WithSpecOf(def, old, next);
            Meta.Of(next)["managedFields"] = ManagedFields.Write(managers, def.ApiVersion, Now());
            return Save(def, @namespace, old, next);
        }
    }

    private static void TakeOwnership(
        ResourceDefinition def, string name, Dictionary<FieldManager, FieldSet> managers,
        FieldManager self, FieldSet applied, JsonObject live, JsonObject config, bool force)
    {
        var conflicts = new List<(FieldManager Manager, string Path)>();
        foreach (var (key, owned) in managers.Where(m => m.Key != self))
        {
            foreach (var path in applied.Paths.Where(owned.Contains))
            {
                if (!JsonNode.DeepEquals(FieldSet.ValueAt(live, path), FieldSet.ValueAt(config, path)))
                {
                    conflicts.Add((key, path));
                }
            }
        }
        if (conflicts.Count == 0)
        {
            return;
        }
        if (!force)
        {
            // An updater is named with the API version it wrote through, as the API server names it.
            var list = string.Join(", ", conflicts.Select(c => $"conflict with \"{c.Manager.Manager}\""
                + (c.Manager.Operation == FieldManager.Update ? $" using {def.ApiVersion}" : "") + $": {FieldSet.Display(c.Path)}"));
            throw ApiError.Conflict(def, name, $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {list}");
        }
        foreach (var (manager, path) in conflicts)
        {
            managers[manager].Remove(path);
        }
    }

    private static bool Owned(ResourceDefinition def, IReadOnlyList<string> path, bool status)
    {
        if (path[0] is "apiVersion" or "kind")
        {
            return false;
        }
        if (path[0] == "metadata")
        {
            return !status && (path.Count == 1 || !UnownedMetadata.Contains(path[1]));
        }
        var isStatus = path[0] == "status";
        return status ? isStatus : !(def.HasStatus && isStatus);
    }

    private static void MergeInto(ResourceDefinition def, JsonObject target, JsonObject source, List<string> prefix)
    {
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                continue;
            }
            List<string> path = [.. prefix, key];
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                MergeInto(def, existing, child, path);
            }
            else if (value is JsonArray items && target[key] is JsonArray live && ListMaps.Keys(def, path) is { } keys
                && items.All(item => ListMaps.Segment(item, keys) is not null))
            {
                // A list-map merges item by item: an applied item merges into the live one with its key,
                // a new one is appended, and live items the applier does not mention stay.
                foreach (var item in items.OfType<JsonObject>())
                {
                    var segment = ListMaps.Segment(item, keys)!;
                    var index = ListMaps.Find(live, segment);
                    if (index < 0)
                    {
                        live.Add(item.DeepClone());
                    }
                    else
                    {
                        MergeInto(def, (JsonObject)live[index]!, item, [.. path, segment]);
                    }
                }
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary>
    /// A write that is not an apply (create, PUT, merge patch) makes its manager (operation Update) the
    /// owner of every field it set or changed and takes those fields from every other manager; fields it
    /// removed are owned by nobody. So a later apply that disagrees on such a field conflicts with it.
    /// </summary>
    private void RecordUpdate(ResourceDefinition def, JsonObject? old, JsonObject next, string manager, bool status)
    {
        Func<IReadOnlyList<string>, bool> include = path => Owned(def, path, status);
        Func<IReadOnlyList<string>, string[]?> keys = path => ListMaps.Keys(def, path);
        var before = old is null ? new FieldSet() : FieldSet.Leaves(old, include, keys);
        var after = FieldSet.Leaves(next, include, keys);
        var changed = after.Paths.Where(path => !before.Contains(path) || !JsonNode.DeepEquals(FieldSet.ValueAt(old, path), FieldSet.ValueAt(next, path))).ToList();
        var removed = before.Paths.Where(path => !after.Contains(path)).ToList();
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }

        var managers = old is null ? [] : ManagedFields.Read(old);
        foreach (var owned in managers.Values)
        {
            changed.Concat(removed).ToList().ForEach(owned.Remove);
        }

        var self = new FieldManager(manager, FieldManager.Update, status ? "status" : "");
        if (!managers.TryGetValue(self, out var mine))
        {
            managers[self] = mine = new FieldSet();
        }

        changed.ForEach(mine.Add);
        Meta.Of(next)["managedFields"] = ManagedFields.Write(managers, def.ApiVersion, Now());
    }
}
