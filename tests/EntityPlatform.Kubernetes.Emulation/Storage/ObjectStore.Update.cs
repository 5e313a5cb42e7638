using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Patching;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    /// <summary>The manager of a write that names none and sends no User-Agent.</summary>
    public const string DefaultManager = "unknown";

    private static readonly string[] ServerOwnedMetadata =
        ["uid", "creationTimestamp", "namespace", "name", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields"];

    /// <summary>PUT of the object (status == false) or of its status subresource.</summary>
    public JsonObject Update(ResourceDefinition def, string @namespace, string name, JsonObject body, bool status, string manager = DefaultManager)
    {
        lock (_gate)
        {
            var old = Find(def, @namespace, name);
            CheckKind(def, body);
            if (Meta.Name(body) is { Length: > 0 } bodyName && bodyName != name)
            {
                throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }
            var version = Meta.ResourceVersion(body);
            if (string.IsNullOrEmpty(version) && def.Schema is not null)
            {
                throw ApiError.Invalid(def, name, [FieldError.Invalid("metadata.resourceVersion", JsonValue.Create("0x0"), "must be specified for an update")]);
            }
            CheckVersion(def, old, version);
            var next = status ? WithStatusOf(old, body) : WithSpecOf(def, old, body);
            RecordUpdate(def, old, next, manager, status);
            return Save(def, @namespace, old, next);
        }
    }

    /// <summary>JSON merge patch of the object or its status; a resourceVersion in the patch makes it conditional.</summary>
    public JsonObject MergePatch(ResourceDefinition def, string @namespace, string name, JsonNode patch, bool status, string manager = DefaultManager) =>
        Patch(def, @namespace, name, patch, status, manager, JsonMergePatch.Apply);

    /// <summary>An RFC 6902 JSON patch, applied to the live object atomically (a test op makes it conditional).</summary>
    public JsonObject JsonPatch(ResourceDefinition def, string @namespace, string name, JsonArray operations, bool status, string manager = DefaultManager) =>
        Patch(def, @namespace, name, new JsonObject(), status, manager, (target, _) => Patching.JsonPatch.Apply(target!, operations));

    /// <summary>A strategic merge patch (built-in kinds only; the handler refuses it for custom resources).</summary>
    public JsonObject StrategicMergePatch(ResourceDefinition def, string @namespace, string name, JsonNode patch, bool status, string manager = DefaultManager) =>
        Patch(def, @namespace, name, patch, status, manager, (target, body) => Patching.StrategicMergePatch.Apply(def, target, body));

    private JsonObject Patch(
        ResourceDefinition def, string @namespace, string name, JsonNode patch, bool status, string manager, Func<JsonNode?, JsonNode?, JsonNode?> apply)
    {
        lock (_gate)
        {
            var old = Find(def, @namespace, name);
            CheckVersion(def, old, patch["metadata"]?["resourceVersion"]?.ToString());
            var patched = apply(old.DeepClone(), patch) as JsonObject
                ?? throw ApiError.BadRequest("a patch must leave an object");
            CheckKind(def, patched);
            var next = status ? WithStatusOf(old, patched) : WithSpecOf(def, old, patched);
            RecordUpdate(def, old, next, manager, status);
            return Save(def, @namespace, old, next);
        }
    }

    private static void CheckVersion(ResourceDefinition def, JsonObject old, string? expected)
    {
        if (!string.IsNullOrEmpty(expected) && expected != Meta.ResourceVersion(old))
        {
            throw ApiError.StaleResourceVersion(def, Meta.Name(old));
        }
    }

    /// <summary>The body with the server-owned metadata, and (with a status subresource) the status, of the stored object.</summary>
    private static JsonObject WithSpecOf(ResourceDefinition def, JsonObject old, JsonObject body)
    {
        var next = (JsonObject)body.DeepClone();
        var metadata = Meta.Of(next);
        foreach (var field in ServerOwnedMetadata)
        {
            metadata.Remove(field);
            if (Meta.Of(old)[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }
        if (def.HasStatus)
        {
            next.Remove("status");
            if (old["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }
        return next;
    }

    /// <summary>The stored object with only its status taken from the body.</summary>
    private static JsonObject WithStatusOf(JsonObject old, JsonObject body)
    {
        var next = (JsonObject)old.DeepClone();
        next.Remove("status");
        if (body["status"] is { } status)
        {
            next["status"] = status.DeepClone();
        }
        return next;
    }

    /// <summary>
    /// The common end of every write: admission, generation bump on spec changes only, no-op
    /// detection (no new resourceVersion when nothing changed), and the final removal of an object
    /// whose last finalizer went away during deletion.
    /// </summary>
    private JsonObject Save(ResourceDefinition def, string @namespace, JsonObject old, JsonObject next)
    {
        Admit(def, next, old);
        Meta.Of(next)["resourceVersion"] = Meta.ResourceVersion(old);
        if (def.TracksGeneration && !JsonNode.DeepEquals(SpecPart(old), SpecPart(next)))
        {
            Meta.Of(next)["generation"] = Meta.Generation(old) + 1;
        }
        if (JsonNode.DeepEquals(Comparable(old), Comparable(next)))
        {
            return (JsonObject)old.DeepClone();
        }
        if (Meta.Deleting(next) && Meta.Finalizers(next).Count == 0)
        {
            return Commit(def, @namespace, next, "DELETED");
        }
        return Commit(def, @namespace, next, "MODIFIED");
    }

    /// <summary>Everything that is not metadata or status: what metadata.generation tracks.</summary>
    private static JsonObject SpecPart(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    /// <summary>The object minus fields that change on every write without meaning a change.</summary>
    private static JsonObject Comparable(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        Meta.Of(copy).Remove("resourceVersion");
        foreach (var entry in (Meta.Of(copy)["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            entry.Remove("time");
        }
        return copy;
    }
}
