using System.Globalization;

namespace EntityPlatform.Harness.Systems;

/// <summary>Reads one unlabelled sample from a Prometheus text endpoint (etcd's /metrics), over HTTP/1.1.</summary>
public static class PrometheusText
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The value of the line <c>name value</c>, or null when the endpoint does not answer or has no such line.</summary>
    public static async Task<double?> ReadCounterAsync(Uri endpoint, string name, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await Http.GetStringAsync(endpoint, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        return Parse(text, name);
    }

    public static double? Parse(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal)
                && double.TryParse(line.AsSpan(name.Length + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
