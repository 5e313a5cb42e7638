namespace EntityPlatform.Node.Hosting;

/// <summary>
/// <c>--name value</c> arguments with clear errors. Small on purpose: the node takes a handful of options,
/// and every error must name the option and what was expected.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    public CommandArguments(IReadOnlyList<string> args, IReadOnlySet<string> flagNames)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{name}'; options look like --name value");
            }

            if (flagNames.Contains(name))
            {
                flags.Add(name);
            }
            else if (i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option {name} needs a value");
            }
        }
    }

    public bool Flag(string name) => flags.Contains(name);

    public string String(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"option {name} is required");

    public int Int(string name, int? fallback = null, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback ?? throw new ArgumentException($"option {name} is required");
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"option {name} is '{text}'; expected an integer from {min} to {max}");
    }
}
