namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>
/// An equality-based label selector: "a=b", "a==b", "a!=b", "a" (exists) and "!a" (absent), joined by
/// commas. Set-based forms ("a in (x,y)") are not emulated and are rejected with 400.
/// </summary>
public sealed class LabelQuery
{
    private readonly List<(string Key, string Op, string Value)> _terms = [];

    public static LabelQuery Everything { get; } = new();

    public static LabelQuery Parse(string? selector)
    {
        var query = new LabelQuery();
        foreach (var raw in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains(" in ", StringComparison.Ordinal) || raw.Contains(" notin ", StringComparison.Ordinal) || raw.Contains('('))
            {
                throw ApiError.BadRequest($"unable to parse requirement: set-based selector '{raw}' is not emulated");
            }
            var term = raw.Split("!=", 2) is [var k1, var v1] ? (k1, "!=", v1)
                : raw.Split("==", 2) is [var k2, var v2] ? (k2, "=", v2)
                : raw.Split('=', 2) is [var k3, var v3] ? (k3, "=", v3)
                : raw.StartsWith('!') ? (raw[1..], "!", "")
                : (raw, "exists", "");
            query._terms.Add((term.Item1.Trim(), term.Item2, term.Item3.Trim()));
        }
        return query;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.All(t => t.Op switch
    {
        "=" => labels.TryGetValue(t.Key, out var v) && v == t.Value,
        "!=" => !labels.TryGetValue(t.Key, out var v) || v != t.Value,
        "!" => !labels.ContainsKey(t.Key),
        _ => labels.ContainsKey(t.Key),
    });
}
