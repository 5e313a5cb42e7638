using System.Text;
using System.Text.Json;

namespace EntityPlatform.Harness.Checking;

/// <summary>
/// A history as JSON lines, one operation per line in invoke order, for checkers outside the project (Porcupine,
/// Knossos/Elle after a small conversion) and for re-checking a kept run. Each line:
/// <code>{"id":7,"key":"k3","op":"add","value":1,"invoke":1.002117,"complete":1.004380,"status":"ok","consistency":"linearizable"}</code>
/// <list type="bullet">
/// <item><c>op</c>: <c>write</c> (register), <c>add</c> (counter increment), <c>read</c>.</item>
/// <item><c>value</c>: the value written, the amount added, or the value a read returned (0 for a read that did not complete).</item>
/// <item><c>invoke</c>, <c>complete</c>: seconds since the run started, on one monotonic clock. For <c>info</c>, <c>complete</c> is when
/// the client gave up; the op may take effect at any time after <c>invoke</c>, or never.</item>
/// <item><c>status</c>: <c>ok</c> (acknowledged), <c>fail</c> (definitely not applied), <c>info</c> (indeterminate).</item>
/// <item>Reads also carry <c>consistency</c> (<c>linearizable</c>, <c>lease</c>, <c>bounded</c>) and, when bounded, <c>max_staleness</c> in seconds.</item>
/// <item><c>node</c>, only on an op sent straight to one member (a lease probe): that member's id.</item>
/// </list>
/// The history's own times are microseconds; seconds are written with at most six decimals, so reading back is exact.
/// </summary>
public static class HistoryJson
{
    private const decimal MicrosPerSecond = 1_000_000m;

    public static void Write(TextWriter output, IEnumerable<Operation> history)
    {
        var buffer = new MemoryStream();
        foreach (var op in history.OrderBy(op => op.InvokeTime).ThenBy(op => op.Id))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("id", op.Id);
                json.WriteString("key", op.Key);
                json.WriteString("op", OpName(op.Kind));
                json.WriteNumber("value", op.Value);
                WriteSeconds(json, "invoke", op.InvokeTime);
                WriteSeconds(json, "complete", op.CompleteTime);
                json.WriteString("status", StatusName(op.Outcome));
                if (op.Kind == OpKind.Read)
                {
                    json.WriteString("consistency", ConsistencyName(op.Consistency));
                    if (op.Consistency == ReadConsistency.BoundedStaleness)
                    {
                        WriteSeconds(json, "max_staleness", op.MaxStaleness);
                    }
                }

                if (op.SentTo != 0)
                {
                    json.WriteNumber("node", op.SentTo);
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    public static void WriteFile(string path, IEnumerable<Operation> history)
    {
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(file, history);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a bad line is an error naming its number and the field.</summary>
    public static IReadOnlyList<Operation> Read(TextReader input)
    {
        var ops = new List<Operation>();
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var kind = Field(root, "op", number).GetString() switch
            {
                "write" => OpKind.Write,
                "add" => OpKind.Increment,
                "read" => OpKind.Read,
                var other => throw new FormatException($"line {number}: op is '{other}'; expected write, add or read"),
            };
            var outcome = Field(root, "status", number).GetString() switch
            {
                "ok" => OpOutcome.Ok,
                "fail" => OpOutcome.Failed,
                "info" => OpOutcome.Indeterminate,
                var other => throw new FormatException($"line {number}: status is '{other}'; expected ok, fail or info"),
            };
            var consistency = root.TryGetProperty("consistency", out var c) ? c.GetString() switch
            {
                "linearizable" => ReadConsistency.Linearizable,
                "lease" => ReadConsistency.Lease,
                "bounded" => ReadConsistency.BoundedStaleness,
                var other => throw new FormatException($"line {number}: consistency is '{other}'; expected linearizable, lease or bounded"),
            } : ReadConsistency.Linearizable;
            ops.Add(new Operation(Field(root, "id", number).GetInt64(), Field(root, "key", number).GetString() ?? "", kind,
                Field(root, "value", number).GetInt64(), Micros(root, "invoke", number), Micros(root, "complete", number), outcome,
                consistency, root.TryGetProperty("max_staleness", out _) ? Micros(root, "max_staleness", number) : 0,
                root.TryGetProperty("node", out var node) ? node.GetInt32() : 0));
        }

        return ops;
    }

    public static string OpName(OpKind kind) => kind switch
    {
        OpKind.Write => "write",
        OpKind.Increment => "add",
        _ => "read",
    };

    public static string StatusName(OpOutcome outcome) => outcome switch
    {
        OpOutcome.Ok => "ok",
        OpOutcome.Failed => "fail",
        _ => "info",
    };

    public static string ConsistencyName(ReadConsistency consistency) => consistency switch
    {
        ReadConsistency.Linearizable => "linearizable",
        ReadConsistency.Lease => "lease",
        _ => "bounded",
    };

    // Decimal division is exact (at most six decimals, never an exponent), so reading back gives the same microseconds.
    private static void WriteSeconds(Utf8JsonWriter json, string name, long micros) => json.WriteNumber(name, micros / MicrosPerSecond);

    private static long Micros(JsonElement root, string name, int number) => (long)Math.Round(Field(root, name, number).GetDecimal() * MicrosPerSecond);

    private static JsonElement Field(JsonElement root, string name, int number) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"line {number}: field '{name}' is missing");
}
