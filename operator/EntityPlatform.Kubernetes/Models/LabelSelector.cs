namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.LabelSelector, restricted to matchLabels: the only form the operator writes.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    /// <summary>The query-string form, "a=b,c=d", sorted so the same selector always reads the same.</summary>
    public string ToQuery() => MatchLabels is null
        ? ""
        : string.Join(",", MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
