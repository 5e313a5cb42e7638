using System.Text;

namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>
/// A parsed command: <c>name positional key=value key=(1 2 3) "quoted text"</c>. Errors name the
/// argument so a broken transcript says what to fix.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> named = [];

    private CommandLine(string name, List<string> positional, Dictionary<string, string> named)
    {
        Name = name;
        Positional = positional;
        this.named = named;
    }

    public string Name { get; }

    public IReadOnlyList<string> Positional { get; }

    public static CommandLine Parse(string text)
    {
        var tokens = Tokenize(text);
        var positional = new List<string>();
        var named = new Dictionary<string, string>();
        foreach (var token in tokens.Skip(1))
        {
            var equals = token.IndexOf('=');
            if (equals > 0 && !token.StartsWith('"'))
            {
                named[token[..equals]] = token[(equals + 1)..];
            }
            else
            {
                positional.Add(token.Trim('"'));
            }
        }

        return new CommandLine(tokens[0], positional, named);
    }

    public ulong Id(int position = 0) => position < Positional.Count && ulong.TryParse(Positional[position], out var id)
        ? id
        : throw new FormatException($"{Name}: argument {position + 1} must be a replica id");

    public IEnumerable<ulong> Ids() => Positional.Select((_, i) => Id(i));

    public bool Has(string key) => named.ContainsKey(key);

    public string Get(string key, string fallback) => named.GetValueOrDefault(key, fallback);

    public int GetInt(string key, int fallback) =>
        named.TryGetValue(key, out var text) ? int.TryParse(text, out var value) ? value : throw new FormatException($"{Name}: {key} must be an integer, got '{text}'") : fallback;

    public ulong[] GetIds(string key) =>
        named.TryGetValue(key, out var text)
            ? text.Trim('(', ')').Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray()
            : [];

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }

            if (c == ' ' && depth == 0 && !quoted)
            {
                if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
