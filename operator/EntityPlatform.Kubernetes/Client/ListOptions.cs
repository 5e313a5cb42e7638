using System.Globalization;
using System.Text;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>Query parameters of a list or a watch.</summary>
public sealed record ListOptions
{
    /// <summary>Equality-based selector, e.g. "app.kubernetes.io/instance=counter".</summary>
    public string? LabelSelector { get; init; }

    /// <summary>e.g. "metadata.name=counter".</summary>
    public string? FieldSelector { get; init; }

    internal string Query(params (string Key, string? Value)[] extra)
    {
        var query = new StringBuilder();
        void Add(string key, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }
            query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }
        Add("labelSelector", LabelSelector);
        Add("fieldSelector", FieldSelector);
        foreach (var (key, value) in extra)
        {
            Add(key, value);
        }
        return query.ToString();
    }

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
