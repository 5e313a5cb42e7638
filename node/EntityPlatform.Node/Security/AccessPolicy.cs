namespace EntityPlatform.Node.Security;

/// <summary>
/// Who may do what to which entity type on the client port. Without an <c>access</c> section every
/// authenticated caller may do everything (authentication is still required); with one, only what a rule
/// grants is allowed. Cluster members (<c>node/*</c>, which forward calls they already authorized) and
/// administrators (<c>admin/*</c>) are not subject to the rules.
/// </summary>
public sealed class AccessPolicy
{
    private readonly Dictionary<(string EntityType, EntityAction Action), AccessRule[]>? _rules;

    private AccessPolicy(Dictionary<(string, EntityAction), AccessRule[]>? rules) => _rules = rules;

    /// <summary>Every authenticated caller may do everything.</summary>
    public static AccessPolicy AllowAuthenticated { get; } = new(null);

    /// <summary>Builds the policy from the cluster file's rules; throws naming the rule and field on bad input.</summary>
    public static AccessPolicy FromRules(IReadOnlyList<AccessRule>? rules, IReadOnlyCollection<string> entityTypes)
    {
        if (rules is null)
        {
            return AllowAuthenticated;
        }

        var byKey = new Dictionary<(string, EntityAction), List<AccessRule>>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"security.access[{i}] is null; expected an object with entityType and actions");
            if (!entityTypes.Contains(rule.EntityType))
            {
                throw new ArgumentException($"security.access[{i}].entityType is '{rule.EntityType}'; expected one of the cluster's entity types ({string.Join(", ", entityTypes)})");
            }

            if (rule.Actions is null || rule.Actions.Count == 0)
            {
                throw new ArgumentException($"security.access[{i}].actions is empty; expected one or more of \"command\", \"query\", \"subscribe\"");
            }

            if ((rule.Clients?.Count ?? 0) + (rule.Subjects?.Count ?? 0) + (rule.Roles?.Count ?? 0) == 0)
            {
                throw new ArgumentException($"security.access[{i}] grants nobody; expected at least one entry in clients, subjects or roles");
            }

            var normalized = rule with { Clients = rule.Clients ?? [], Subjects = rule.Subjects ?? [], Roles = rule.Roles ?? [] };
            foreach (var action in rule.ParsedActions(i))
            {
                if (!byKey.TryGetValue((rule.EntityType, action), out var list))
                {
                    byKey[(rule.EntityType, action)] = list = [];
                }

                list.Add(normalized);
            }
        }

        return new AccessPolicy(byKey.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()));
    }

    /// <summary>Whether <paramref name="caller"/> may do <paramref name="action"/> on <paramref name="entityType"/>.</summary>
    public bool Allows(CallerIdentity caller, string entityType, EntityAction action)
    {
        if (caller.Kind is CallerKind.Node or CallerKind.Admin || _rules is null)
        {
            return true;
        }

        return _rules.TryGetValue((entityType, action), out var rules) && rules.Any(rule => rule.Matches(caller));
    }
}
