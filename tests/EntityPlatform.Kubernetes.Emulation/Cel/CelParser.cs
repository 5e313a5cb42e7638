using System.Globalization;
using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Cel;

/// <summary>
/// Recursive descent over the CEL subset, with CEL's precedence: || below &amp;&amp; below comparisons
/// below + - below * / % below unary ! and - below member access and calls.
/// </summary>
internal sealed class CelParser(string source)
{
    private readonly List<string> _tokens = CelTokenizer.Tokenize(source);
    private int _index;

    public CelNode ParseRule()
    {
        var node = ParseOr();
        return _index == _tokens.Count ? node : throw Error($"unexpected '{_tokens[_index]}'");
    }

    private CelNode ParseOr() => ParseLeft(ParseAnd, "||");

    private CelNode ParseAnd() => ParseLeft(ParseComparison, "&&");

    private CelNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Peek() is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next();
            return new CelNode.Binary(op, left, ParseAdditive());
        }
        return left;
    }

    private CelNode ParseAdditive() => ParseLeft(ParseMultiplicative, "+", "-");

    private CelNode ParseMultiplicative() => ParseLeft(ParseUnary, "*", "/", "%");

    private CelNode ParseLeft(Func<CelNode> operand, params string[] operators)
    {
        var left = operand();
        while (Peek() is { } token && operators.Contains(token))
        {
            var op = Next();
            left = new CelNode.Binary(op, left, operand());
        }
        return left;
    }

    private CelNode ParseUnary()
    {
        if (Peek() == "!")
        {
            Next();
            return new CelNode.Not(ParseUnary());
        }
        if (Peek() == "-")
        {
            Next();
            return new CelNode.Binary("-", new CelNode.Literal(JsonValue.Create(0L)), ParseUnary());
        }
        return ParseMember(ParsePrimary());
    }

    private CelNode ParseMember(CelNode target)
    {
        while (Peek() == ".")
        {
            Next();
            var name = Identifier();
            if (name == "size" && Peek() == "(")
            {
                Next();
                Expect(")");
                target = new CelNode.Size(target);
                continue;
            }
            if (name == "matches" && Peek() == "(")
            {
                // string.matches(regex): RE2 in a real server; .NET's engine agrees on the anchored
                // character-class patterns rules use.
                Next();
                var pattern = ParsePrimary() is CelNode.Literal { Value: JsonValue text } ? text.GetValue<string>() : throw Error("matches() needs a string literal");
                Expect(")");
                target = new CelNode.Matches(target, new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant));
                continue;
            }
            target = new CelNode.Member(target, name);
        }
        return target;
    }

    private CelNode ParsePrimary()
    {
        var token = Next();
        switch (token)
        {
            case "(":
                var inner = ParseOr();
                Expect(")");
                return inner;
            case "self":
                return new CelNode.Variable(Old: false);
            case "oldSelf":
                return new CelNode.Variable(Old: true);
            case "true" or "false":
                return new CelNode.Literal(JsonValue.Create(token == "true"));
            case "null":
                return new CelNode.Literal(null);
            case "has":
                Expect("(");
                var member = ParseMember(ParsePrimary());
                Expect(")");
                return member is CelNode.Member m ? new CelNode.Has(m.Target, m.Name) : throw Error("has() needs a field access");
            case "size":
                Expect("(");
                var sized = ParseOr();
                Expect(")");
                return new CelNode.Size(sized);
        }
        if (token.StartsWith('"'))
        {
            return new CelNode.Literal(JsonValue.Create(token[1..^1]));
        }
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new CelNode.Literal(JsonValue.Create(number));
        }
        throw Error($"unsupported token '{token}'");
    }

    private string Identifier()
    {
        var token = Next();
        return token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_') ? token : throw Error($"expected a field name, got '{token}'");
    }

    private string? Peek() => _index < _tokens.Count ? _tokens[_index] : null;

    private string Next() => _index < _tokens.Count ? _tokens[_index++] : throw Error("unexpected end of rule");

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw Error($"expected '{token}'");
        }
    }

    private CelException Error(string what) =>
        new($"CEL rule '{source}' is outside the subset the emulation supports: {what}");
}
