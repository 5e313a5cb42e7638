using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    public JsonObject Create(ResourceDefinition def, string @namespace, JsonObject obj)
    {
        lock (_gate)
        {
            return CreateLocked(def, @namespace, obj);
        }
    }

    private JsonObject CreateLocked(ResourceDefinition def, string @namespace, JsonObject obj)
    {
        CheckKind(def, obj);
        var metadata = Meta.Of(obj);
        var bodyNamespace = metadata["namespace"]?.ToString();
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != @namespace)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        if (string.IsNullOrEmpty(Meta.Name(obj)) && metadata["generateName"]?.ToString() is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }
        var name = Meta.Name(obj);
        if (name.Length == 0)
        {
            throw ApiError.Invalid(def, "", [new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
        }
        if (TryFind(def, @namespace, name) is not null)
        {
            throw ApiError.AlreadyExists(def, name);
        }
        metadata["namespace"] = @namespace;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        foreach (var field in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            metadata.Remove(field);
        }
        if (def.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        if (def.HasStatus)
        {
            obj.Remove("status"); // with a status subresource, only status writes set status
        }
        Admit(def, obj, old: null);
        return Commit(def, @namespace, obj, "ADDED");
    }

    private static void CheckKind(ResourceDefinition def, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.ToString();
        var kind = obj["kind"]?.ToString();
        if ((apiVersion is not null && apiVersion != def.ApiVersion) || (kind is not null && kind != def.Kind))
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match the resource {def.ApiVersion}, Kind={def.Kind}");
        }
        obj["apiVersion"] = def.ApiVersion;
        obj["kind"] = def.Kind;
    }

    /// <summary>The admission chain: name rules, finalizer rules, the built-in kinds' validation, then the CRD schema and its CEL rules.</summary>
    private static void Admit(ResourceDefinition def, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var name = Meta.Name(obj);
        if (!IsDnsSubdomain(name))
        {
            errors.Add(FieldError.Invalid("metadata.name", JsonValue.Create(name),
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
        if (old is not null && Meta.Deleting(old) && Meta.Finalizers(obj).Except(Meta.Finalizers(old)).Any())
        {
            errors.Add(FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted"));
        }
        errors.AddRange(BuiltInAdmission.Check(def, obj, old));
        if (def.Schema is not null)
        {
            errors.AddRange(def.Schema.Admit(obj, old));
        }
        if (errors.Count > 0)
        {
            throw ApiError.Invalid(def, name, errors);
        }
    }

    private static bool IsDnsSubdomain(string name) =>
        name.Length is > 0 and <= 253
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
