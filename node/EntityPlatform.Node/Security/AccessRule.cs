namespace EntityPlatform.Node.Security;

/// <summary>
/// One grant of the cluster file's <c>security.access</c> list: the <see cref="Actions"/> on <see cref="EntityType"/>
/// are allowed to any caller that matches one of <see cref="Clients"/> (the name of a
/// <c>spiffe://{trust domain}/client/{name}</c> certificate), <see cref="Subjects"/> (a token's <c>sub</c>) or
/// <see cref="Roles"/> (a token's <c>roles</c> claim). <c>"*"</c> in a list matches every caller of that kind.
/// The operator writes these from the EntityType's <c>spec.access</c> (docs/security.md).
/// </summary>
public sealed record AccessRule
{
    public required string EntityType { get; init; }

    /// <summary>"command", "query", "subscribe" (lower case).</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    public IReadOnlyList<string> Clients { get; init; } = [];

    public IReadOnlyList<string> Subjects { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The actions as values; throws naming the rule and the field when one is unknown.</summary>
    internal IReadOnlyList<EntityAction> ParsedActions(int index) => Actions.Select(action => action switch
    {
        "command" => EntityAction.Command,
        "query" => EntityAction.Query,
        "subscribe" => EntityAction.Subscribe,
        _ => throw new ArgumentException($"security.access[{index}].actions contains '{action}'; expected \"command\", \"query\" or \"subscribe\""),
    }).ToArray();

    internal bool Matches(CallerIdentity caller) => caller.Kind switch
    {
        CallerKind.ClientCertificate => Contains(Clients, caller.Name),
        CallerKind.Token => Contains(Subjects, caller.Name) || caller.Roles.Any(role => Contains(Roles, role)),
        _ => false,
    };

    private static bool Contains(IReadOnlyList<string> names, string name) => names.Any(entry => entry == "*" || entry == name);
}
