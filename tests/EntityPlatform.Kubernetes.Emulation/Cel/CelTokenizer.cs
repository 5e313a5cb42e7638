namespace EntityPlatform.Kubernetes.Emulation.Cel;

/// <summary>Splits a rule into identifiers, integers, double-quoted strings and operators.</summary>
internal static class CelTokenizer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "(", ")", "."];

    public static List<string> Tokenize(string source)
    {
        var tokens = new List<string>();
        var index = 0;
        while (index < source.Length)
        {
            var c = source[index];
            if (char.IsWhiteSpace(c))
            {
                index++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = index;
                while (index < source.Length && (char.IsAsciiLetterOrDigit(source[index]) || source[index] == '_'))
                {
                    index++;
                }
                tokens.Add(source[start..index]);
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = index;
                while (index < source.Length && char.IsAsciiDigit(source[index]))
                {
                    index++;
                }
                tokens.Add(source[start..index]);
            }
            else if (c == '"')
            {
                var end = source.IndexOf('"', index + 1);
                if (end < 0)
                {
                    throw new CelException($"CEL rule '{source}': unterminated string");
                }
                tokens.Add(source[index..(end + 1)]);
                index = end + 1;
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, index, o, 0, o.Length) == 0)
                    ?? throw new CelException($"CEL rule '{source}' is outside the subset the emulation supports: unexpected '{c}'");
                tokens.Add(op);
                index += op.Length;
            }
        }
        return tokens;
    }
}
