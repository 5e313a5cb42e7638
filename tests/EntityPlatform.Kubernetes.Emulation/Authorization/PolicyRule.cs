namespace EntityPlatform.Kubernetes.Emulation.Authorization;

/// <summary>One rule of a Role or ClusterRole; "*" matches anything, as in RBAC.</summary>
public sealed record PolicyRule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames)
{
    public bool Allows(RequestAttributes request) =>
        Matches(ApiGroups, request.Group)
        && Matches(Resources, request.ResourceWithSubresource)
        && Matches(Verbs, request.Verb)
        && (ResourceNames.Count == 0 || (request.Name is not null && ResourceNames.Contains(request.Name)));

    private static bool Matches(IReadOnlyList<string> allowed, string value) => allowed.Contains("*") || allowed.Contains(value);
}
