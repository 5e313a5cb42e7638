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
    /// configuration; a field another applier owns with a different value is a conflict unless forced
    /// (then ownership moves); fields the manager applied before and no longer applies are removed when
    /// no other applier owns them. Objects merge key by key and lists are replaced whole.
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
            var applied = FieldSet.Leaves(config, path => Owned(def, path, status));
            var subresource = status ? "status" : "";
            var old = TryFind(def, @namespace, name);
            if (old is null)
            {
                if (status)
                {
                    throw ApiError.NotFound(def, name);
                }
                var created = (JsonObject)config.DeepClone();
                Meta.Of(created)["managedFields"] = ManagedFields.Write(new() { [(manager, "")] = applied }, def.ApiVersion, Now());
                return CreateLocked(def, @namespace, created);
            }
            CheckVersion(def, old, Meta.ResourceVersion(config));
            var managers = ManagedFields.Read(old);
            TakeOwnership(def, name, managers, (manager, subresource), applied, old, config, force);
            var next = (JsonObject)old.DeepClone();
            var previous = managers.GetValueOrDefault((manager, subresource)) ?? new FieldSet();
            foreach (var path in previous.Paths.Where(p => !applied.Contains(p) && !managers.Values.Any(m => m != previous && m.Contains(p))))
            {
                FieldSet.RemoveFrom(next, path);
            }
            MergeInto(next, config);
            managers[(manager, subresource)] = applied;
            next = status ? WithStatusOf(old, next) : WithSpecOf(def, old, next);
            Meta.Of(next)["managedFields"] = ManagedFields.Write(managers, def.ApiVersion, Now());
            return Save(def, @namespace, old, next);
        }
    }

    private static void TakeOwnership(
        ResourceDefinition def, string name, Dictionary<(string Manager, string Subresource), FieldSet> managers,
        (string, string) self, FieldSet applied, JsonObject live, JsonObject config, bool force)
    {
        var conflicts = new List<(string Manager, string Path)>();
        foreach (var (key, owned) in managers.Where(m => m.Key != self))
        {
            foreach (var path in applied.Paths.Where(owned.Contains))
            {
                if (!JsonNode.DeepEquals(FieldSet.ValueAt(live, path), FieldSet.ValueAt(config, path)))
                {
                    conflicts.Add((key.Manager, path));
                }
            }
        }
        if (conflicts.Count == 0)
        {
            return;
        }
        if (!force)
        {
            var list = string.Join(", ", conflicts.Select(c => $"conflict with \"{c.Manager}\": {FieldSet.Display(c.Path)}"));
            throw ApiError.Conflict(def, name, $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {list}");
        }
        foreach (var (manager, path) in conflicts)
        {
            foreach (var entry in managers.Where(m => m.Key.Manager == manager))
            {
                entry.Value.Remove(path);
            }
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

    private static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                continue;
            }
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                MergeInto(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
