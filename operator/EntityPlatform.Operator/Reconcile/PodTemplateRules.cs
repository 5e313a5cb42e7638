using System.Text.RegularExpressions;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// The checks of the pod-template fields that the CRD's schema cannot state (the CEL subset the CRD
/// uses has no map-key rules): map keys must be qualified names, the operator's own annotation prefix
/// and the HOSTNAME variable (the node id is derived from it) are reserved, and env names are unique.
/// Pure; each error names its field.
/// </summary>
public static partial class PodTemplateRules
{
    public static IReadOnlyList<string> Check(EntityTypeSpec spec)
    {
        var errors = new List<string>();
        foreach (var key in spec.PodAnnotations?.Keys ?? Enumerable.Empty<string>())
        {
            if (key.StartsWith(ObjectNames.ReservedPrefix, StringComparison.Ordinal))
            {
                errors.Add($"spec.podAnnotations[{key}]: keys under {ObjectNames.ReservedPrefix} are the operator's own");
            }
            else if (!IsQualifiedName(key))
            {
                errors.Add($"spec.podAnnotations[{key}]: not a valid annotation key; expected an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumerics, '-', '_' or '.'");
            }
        }

        foreach (var key in spec.NodeSelector?.Keys ?? Enumerable.Empty<string>())
        {
            if (!IsQualifiedName(key))
            {
                errors.Add($"spec.nodeSelector[{key}]: not a valid label key; expected an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumerics, '-', '_' or '.'");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in spec.Env ?? [])
        {
            if (variable.Name == "HOSTNAME")
            {
                errors.Add("spec.env[HOSTNAME]: reserved; the node derives its id from the pod's hostname");
            }
            else if (!seen.Add(variable.Name))
            {
                errors.Add($"spec.env[{variable.Name}]: duplicate name; each variable appears once");
            }
        }

        return errors;
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        return (prefix is null || (prefix.Length <= 253 && SubdomainRegex().IsMatch(prefix))) && name.Length <= 63 && NameRegex().IsMatch(name);
    }

    [GeneratedRegex(KubernetesPatterns.Dns1123Subdomain)]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NameRegex();
}
