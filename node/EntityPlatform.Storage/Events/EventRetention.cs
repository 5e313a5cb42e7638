namespace EntityPlatform.Storage.Events;

/// <summary>
/// How much of a shard's event log a replica keeps (spec.events.retention of the EntityType): events older
/// than <see cref="MaxAge"/> and the oldest events beyond <see cref="MaxBytes"/> may be trimmed. Either
/// bound may be null (no bound of that kind); at least one is always set, so the log's disk use is bounded.
/// Trimming works in whole index intervals (<see cref="EventLogOptions.IndexEveryEvents"/>), so a replica
/// may keep up to one interval more than the bounds say, never less than one interval.
/// </summary>
public sealed record EventRetention(TimeSpan? MaxAge, long? MaxBytes)
{
    /// <summary>Seven days and 1 GiB per shard replica, whichever is reached first.</summary>
    public static EventRetention Default { get; } = new(TimeSpan.FromDays(7), 1L << 30);

    /// <summary>
    /// Reads the manifest form: <c>maxAge</c> as a number and a unit (s, m, h, d: "7d", "90m") and
    /// <c>maxBytes</c> as a number with an optional binary suffix (Ki, Mi, Gi, Ti: "1Gi"). A missing field is
    /// unbounded in that dimension; both missing gives the default. Errors name the field.
    /// </summary>
    public static EventRetention Parse(string? maxAge, string? maxBytes, string where)
    {
        if (maxAge is null && maxBytes is null)
        {
            return Default;
        }

        return new EventRetention(
            maxAge is null ? null : ParseAge(maxAge, where),
            maxBytes is null ? null : ParseBytes(maxBytes, where));
    }

    private static TimeSpan ParseAge(string text, string where)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (long.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), out var count) && count > 0)
        {
            TimeSpan? age = unit switch
            {
                's' => TimeSpan.FromSeconds(count),
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => null,
            };
            if (age is { } value)
            {
                return value;
            }
        }

        throw new ArgumentException($"{where}: spec.events.retention.maxAge is '{text}'; expected a positive number with a unit s, m, h or d (for example 7d)");
    }

    private static long ParseBytes(string text, string where)
    {
        var (digits, shift) = text switch
        {
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (text[..^2], 10),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (text[..^2], 20),
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (text[..^2], 30),
            _ when text.EndsWith("Ti", StringComparison.Ordinal) => (text[..^2], 40),
            _ => (text, 0),
        };
        if (long.TryParse(digits, out var count) && count > 0 && count <= long.MaxValue >> shift)
        {
            return count << shift;
        }

        throw new ArgumentException($"{where}: spec.events.retention.maxBytes is '{text}'; expected a positive byte count with an optional suffix Ki, Mi, Gi or Ti (for example 1Gi)");
    }
}
