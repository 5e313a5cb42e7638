using System.Text.Json;
using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>The --history format, read as an outside checker would: one JSON object per line with fixed field names.</summary>
public sealed class HistoryJsonTests
{
    private static readonly Operation[] Sample =
    [
        new(1, "k1", OpKind.Increment, 1, 1_002_117, 1_004_380, OpOutcome.Ok),
        new(2, "k2", OpKind.Write, 42, 2_000_000, 5_000_001, OpOutcome.Indeterminate),
        new(3, "k1", OpKind.Read, 1, 3_000_000, 3_000_250, OpOutcome.Ok, ReadConsistency.Lease, SentTo: 3),
        new(4, "k1", OpKind.Read, 0, 4_000_000, 4_100_000, OpOutcome.Failed, ReadConsistency.BoundedStaleness, 250_000),
        new(5, "k3", OpKind.Read, 7, 6_000_000, 6_000_007, OpOutcome.Ok),
    ];

    private static List<JsonElement> Lines(IEnumerable<Operation> history)
    {
        var text = new StringWriter();
        HistoryJson.Write(text, history);
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    [Fact]
    public void Every_line_has_key_op_value_times_in_seconds_and_status()
    {
        var lines = Lines(Sample);

        Assert.Equal(5, lines.Count);
        foreach (var line in lines)
        {
            foreach (var field in new[] { "key", "op", "value", "invoke", "complete", "status" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"field {field} is missing in {line}");
            }
        }

        var first = lines[0];
        Assert.Equal("k1", first.GetProperty("key").GetString());
        Assert.Equal("add", first.GetProperty("op").GetString());
        Assert.Equal(1, first.GetProperty("value").GetInt64());
        Assert.Equal(1.002117m, first.GetProperty("invoke").GetDecimal());
        Assert.Equal(1.00438m, first.GetProperty("complete").GetDecimal());
        Assert.Equal("ok", first.GetProperty("status").GetString());
        Assert.False(first.TryGetProperty("consistency", out _));
    }

    [Fact]
    public void Ops_statuses_and_read_consistencies_use_the_documented_names()
    {
        var lines = Lines(Sample);

        Assert.Equal(["add", "write", "read", "read", "read"], lines.Select(l => l.GetProperty("op").GetString()));
        Assert.Equal(["ok", "info", "ok", "fail", "ok"], lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("lease", lines[2].GetProperty("consistency").GetString());
        Assert.Equal(3, lines[2].GetProperty("node").GetInt32());
        Assert.False(lines[0].TryGetProperty("node", out _));
        Assert.Equal("bounded", lines[3].GetProperty("consistency").GetString());
        Assert.Equal(0.25m, lines[3].GetProperty("max_staleness").GetDecimal());
        Assert.Equal("linearizable", lines[4].GetProperty("consistency").GetString());
        Assert.Equal(6.000007m, lines[4].GetProperty("complete").GetDecimal());
    }

    [Fact]
    public void Small_times_are_plain_decimals_not_exponents()
    {
        var text = new StringWriter();
        HistoryJson.Write(text, [new Operation(1, "k", OpKind.Read, 0, 7, 30, OpOutcome.Ok)]);

        Assert.Contains("\"invoke\":0.000007,", text.ToString());
        Assert.Contains("\"complete\":0.00003,", text.ToString());
    }

    [Fact]
    public void Lines_are_in_invoke_order()
    {
        var lines = Lines(Sample.Reverse());

        var invokes = lines.Select(l => l.GetProperty("invoke").GetDecimal()).ToList();
        Assert.Equal(invokes.Order(), invokes);
    }

    [Fact]
    public void Reading_back_gives_the_same_history()
    {
        var text = new StringWriter();
        HistoryJson.Write(text, Sample);

        var read = HistoryJson.Read(new StringReader(text.ToString()));

        Assert.Equal(Sample.OrderBy(op => op.InvokeTime), read);
    }

    [Fact]
    public void A_bad_line_names_its_number_and_field()
    {
        var error = Assert.Throws<FormatException>(() => HistoryJson.Read(new StringReader(
            "{\"id\":1,\"key\":\"k\",\"op\":\"add\",\"value\":1,\"invoke\":0,\"complete\":1,\"status\":\"ok\"}\n{\"id\":2,\"key\":\"k\",\"op\":\"cas\"}")));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("op", error.Message);
    }
}
