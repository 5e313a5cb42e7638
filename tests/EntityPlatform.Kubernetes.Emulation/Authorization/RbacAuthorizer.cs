using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Authorization;

/// <summary>
/// The RBAC authorizer for one ServiceAccount, built from rendered manifests (a Helm chart's Roles,
/// ClusterRoles and their bindings): a ClusterRoleBinding grants its ClusterRole's rules everywhere, a
/// RoleBinding grants its Role's (or ClusterRole's) rules in the binding's namespace only. Everything
/// else is denied, as RBAC denies by default. Cluster-scoped requests need a ClusterRoleBinding.
/// </summary>
public sealed class RbacAuthorizer
{
    private readonly List<PolicyRule> _clusterWide = [];
    private readonly Dictionary<string, List<PolicyRule>> _byNamespace = new(StringComparer.Ordinal);

    public RbacAuthorizer(IEnumerable<JsonNode> manifests, string serviceAccountNamespace, string serviceAccountName)
    {
        var objects = manifests.OfType<JsonObject>().ToList();
        User = $"system:serviceaccount:{serviceAccountNamespace}:{serviceAccountName}";
        foreach (var binding in objects.Where(o => Kind(o) is "RoleBinding" or "ClusterRoleBinding"))
        {
            if (!BindsServiceAccount(binding, serviceAccountNamespace, serviceAccountName))
            {
                continue;
            }

            var roleKind = binding["roleRef"]?["kind"]?.ToString();
            var roleName = binding["roleRef"]?["name"]?.ToString();
            var bindingNamespace = binding["metadata"]?["namespace"]?.ToString();
            var role = objects.FirstOrDefault(o => Kind(o) == roleKind && o["metadata"]?["name"]?.ToString() == roleName
                && (roleKind == "ClusterRole" || o["metadata"]?["namespace"]?.ToString() == bindingNamespace));
            if (role is null)
            {
                continue; // a binding to a missing role grants nothing, as on a real server
            }

            var rules = Rules(role);
            if (Kind(binding) == "ClusterRoleBinding")
            {
                _clusterWide.AddRange(rules);
            }
            else if (bindingNamespace is not null)
            {
                if (!_byNamespace.TryGetValue(bindingNamespace, out var list))
                {
                    _byNamespace[bindingNamespace] = list = [];
                }

                list.AddRange(rules);
            }
        }
    }

    /// <summary>
    /// Every (verb, group, resource) the bound rules grant, as <see cref="GrantKey"/> strings; a wildcard
    /// stays "*" (it grants more than any list of requests can use). Compared with the requests the
    /// emulator authorized, it shows grants nobody used.
    /// </summary>
    public IReadOnlySet<string> Grants =>
        _clusterWide.Concat(_byNamespace.Values.SelectMany(rules => rules))
            .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource => rule.Verbs.Select(verb => GrantKey(verb, group, resource)))))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>"verb group/resource[/subresource]", the core group written as "core".</summary>
    public static string GrantKey(string verb, string group, string resourceWithSubresource) =>
        $"{verb} {(group.Length == 0 ? "core" : group)}/{resourceWithSubresource}";

    /// <summary>The user name the API server gives the ServiceAccount's token.</summary>
    public string User { get; }

    public bool Allows(RequestAttributes request) =>
        _clusterWide.Any(rule => rule.Allows(request))
        || (request.Namespace is not null && _byNamespace.TryGetValue(request.Namespace, out var rules) && rules.Any(rule => rule.Allows(request)));

    /// <summary>The 403 message a real server gives, e.g. User "system:serviceaccount:ns:sa" cannot update resource "statefulsets/scale" ...</summary>
    public ApiError Forbidden(RequestAttributes request)
    {
        var where = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var group = request.Group.Length == 0 ? "" : "." + request.Group;
        return new ApiError(403, "Forbidden",
            $"{request.Resource}{group}{(request.Name is null ? "" : $" \"{request.Name}\"")} is forbidden: User \"{User}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" {where}",
            new JsonObject { ["name"] = request.Name, ["group"] = request.Group, ["kind"] = request.Resource });
    }

    private static string? Kind(JsonObject o) => o["kind"]?.ToString();

    private static bool BindsServiceAccount(JsonObject binding, string ns, string name) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(subject =>
            subject["kind"]?.ToString() == "ServiceAccount" && subject["name"]?.ToString() == name && subject["namespace"]?.ToString() == ns);

    private static IEnumerable<PolicyRule> Rules(JsonObject role) =>
        (role["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(rule => new PolicyRule(
            Strings(rule["apiGroups"]), Strings(rule["resources"]), Strings(rule["verbs"]), Strings(rule["resourceNames"])));

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(item => item?.ToString() ?? "").ToList();
}
