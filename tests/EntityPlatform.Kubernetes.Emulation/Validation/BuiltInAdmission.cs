using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Validation;

/// <summary>
/// The API server's validation of the built-in kinds the operator writes, worded as it words it:
/// label keys and values on every object, DNS-1035 Service names, resource quantities in pod templates
/// and claims, Lease fields, and the StatefulSet spec fields that cannot change after creation.
/// Only these checks are emulated; docs/operator.md lists them.
/// </summary>
internal static partial class BuiltInAdmission
{
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string QuantityMessage = "must match the regex ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    /// <summary>The StatefulSet spec fields an update may change; any other change is forbidden.</summary>
    private static readonly HashSet<string> MutableStatefulSetFields =
        ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static IEnumerable<FieldError> Check(ResourceDefinition def, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        Labels(obj["metadata"]?["labels"] as JsonObject, "metadata.labels", errors);
        switch (def.Group, def.Plural)
        {
            case ("", "services"):
                var name = obj["metadata"]?["name"]?.ToString() ?? "";
                if (name.Length > 63 || !Dns1035Regex().IsMatch(name))
                {
                    errors.Add(FieldError.Invalid("metadata.name", JsonValue.Create(name), Dns1035Message));
                }
                Labels(obj["spec"]?["selector"] as JsonObject, "spec.selector", errors);
                break;
            case ("", "pods"):
                PodSpec(obj["spec"], "spec", errors);
                break;
            case ("apps", "statefulsets"):
                Labels(obj["spec"]?["template"]?["metadata"]?["labels"] as JsonObject, "spec.template.metadata.labels", errors);
                PodSpec(obj["spec"]?["template"]?["spec"], "spec.template.spec", errors);
                var claims = obj["spec"]?["volumeClaimTemplates"] as JsonArray ?? [];
                for (var i = 0; i < claims.Count; i++)
                {
                    Quantities(claims[i]?["spec"]?["resources"]?["requests"] as JsonObject, $"spec.volumeClaimTemplates[{i}].spec.resources.requests", errors);
                }
                if (old is not null)
                {
                    ImmutableStatefulSetFields(obj, old, errors);
                }
                break;
            case ("coordination.k8s.io", "leases"):
                Lease(obj["spec"], errors);
                break;
        }
        return errors;
    }

    private static void Labels(JsonObject? labels, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in labels ?? [])
        {
            var text = value?.ToString() ?? "";
            if (text.Length > 63)
            {
                errors.Add(FieldError.Invalid($"{path}", JsonValue.Create(text), "must be no more than 63 characters"));
            }
            else if (!LabelValueRegex().IsMatch(text))
            {
                errors.Add(FieldError.Invalid($"{path}", JsonValue.Create(text), LabelValueMessage));
            }
            var slash = key.LastIndexOf('/');
            var keyName = slash < 0 ? key : key[(slash + 1)..];
            if (keyName.Length is 0 or > 63 || !LabelNameRegex().IsMatch(keyName) || (slash >= 0 && slash > 253))
            {
                errors.Add(FieldError.Invalid($"{path}", JsonValue.Create(key),
                    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with at most 63 characters"));
            }
        }
    }

    private static void PodSpec(JsonNode? spec, string path, List<FieldError> errors)
    {
        var containers = spec?["containers"] as JsonArray ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            Quantities(containers[i]?["resources"]?["requests"] as JsonObject, $"{path}.containers[{i}].resources.requests", errors);
            Quantities(containers[i]?["resources"]?["limits"] as JsonObject, $"{path}.containers[{i}].resources.limits", errors);
        }
    }

    private static void Quantities(JsonObject? resources, string path, List<FieldError> errors)
    {
        foreach (var (resource, value) in resources ?? [])
        {
            var text = value?.ToString() ?? "";
            if (!QuantityRegex().IsMatch(text))
            {
                errors.Add(FieldError.Invalid($"{path}[{resource}]", JsonValue.Create(text), QuantityMessage));
            }
        }
    }

    private static void Lease(JsonNode? spec, List<FieldError> errors)
    {
        if (spec?["leaseDurationSeconds"] is { } duration && (!long.TryParse(duration.ToString(), out var seconds) || seconds <= 0))
        {
            errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", duration.DeepClone(), "must be greater than 0"));
        }
        if (spec?["leaseTransitions"] is { } transitions && (!long.TryParse(transitions.ToString(), out var count) || count < 0))
        {
            errors.Add(FieldError.Invalid("spec.leaseTransitions", transitions.DeepClone(), "must be greater than or equal to 0"));
        }
        foreach (var field in new[] { "acquireTime", "renewTime" })
        {
            if (spec?[field] is { } time && !DateTimeOffset.TryParse(time.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            {
                errors.Add(FieldError.Invalid($"spec.{field}", time.DeepClone(), "must be an RFC 3339 time with microseconds (MicroTime)"));
            }
        }
    }

    private static void ImmutableStatefulSetFields(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var next = (obj["spec"] as JsonObject ?? []).Where(p => !MutableStatefulSetFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var before = (old["spec"] as JsonObject ?? []).Where(p => !MutableStatefulSetFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var changed = next.Keys.Union(before.Keys).Any(key => !JsonNode.DeepEquals(next.GetValueOrDefault(key), before.GetValueOrDefault(key)));
        if (changed)
        {
            errors.Add(FieldError.Forbidden("spec",
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Regex();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelNameRegex();

    // resource.Quantity: a signed decimal number, then an optional binary (Ki..Ei), decimal (n, u, m, k, M..E) or exponent suffix.
    [GeneratedRegex("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex QuantityRegex();
}
