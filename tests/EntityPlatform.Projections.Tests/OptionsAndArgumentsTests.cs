using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Sources;
using EntityPlatform.Samples.ReadModel;

namespace EntityPlatform.Projections.Tests;

/// <summary>Bad settings and arguments get an error that names them and what was expected.</summary>
public sealed class OptionsAndArgumentsTests
{
    [Fact]
    public void EachBadOptionIsNamed()
    {
        var options = new ProjectionHostOptions { Name = "", MaxBatchEvents = 0, BufferEvents = -1, MaxAttempts = 1000, RetryDelayBase = TimeSpan.FromMinutes(1), RetryDelayMax = TimeSpan.FromSeconds(1) };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Name must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxBatchEvents must be in 1..100000, got 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("BufferEvents must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxAttempts must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RetryDelayBase must be", StringComparison.Ordinal));
        Assert.Empty(new ProjectionHostOptions().Validate());
    }

    [Fact]
    public void RetryDelaysDoubleUpToTheMaximum()
    {
        var options = new ProjectionHostOptions { RetryDelayBase = TimeSpan.FromMilliseconds(100), RetryDelayMax = TimeSpan.FromMilliseconds(350) };

        Assert.Equal([100, 200, 350, 350], new[] { 1, 2, 3, 40 }.Select(n => options.RetryDelay(n).TotalMilliseconds));
    }

    [Fact]
    public void FromSubscribePassesTheEntityTypeAndResumePoints()
    {
        (string Type, IReadOnlyDictionary<uint, ulong>? From)? seen = null;
        var source = EventSources.FromSubscribe((type, from, _) => { seen = (type, from); return NoEvents(); }, "accounts");

        _ = source(new Dictionary<uint, ulong> { [2] = 7 }, CancellationToken.None);

        Assert.Equal("accounts", seen!.Value.Type);
        Assert.Equal(7UL, seen.Value.From![2]);
        Assert.Throws<ArgumentException>(() => EventSources.FromSubscribe((_, _, _) => NoEvents(), " "));
    }

    [Theory]
    [InlineData(new[] { "serve" }, "first argument must be run, demo, balances or schema")]
    [InlineData(new[] { "run", "--connection", "Host=x" }, "--nodes is required")]
    [InlineData(new[] { "run", "--connection", "Host=x", "--nodes", "ftp://a" }, "'ftp://a' is not an http")]
    [InlineData(new[] { "balances" }, "--connection is required")]
    [InlineData(new[] { "balances", "--connection", "Host=x", "--limit", "0" }, "--limit must be an integer")]
    [InlineData(new[] { "balances", "--connection", "Host=x", "--color", "red" }, "unknown option --color")]
    [InlineData(new[] { "demo", "--connection", "Host=x", "--seconds", "2" }, "--seconds must be an integer in 4..600")]
    public void BadArgumentsAreNamed(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ReadModelArguments.Parse(args));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void RunArgumentsParse()
    {
        var parsed = ReadModelArguments.Parse(["run", "--connection", "Host=127.0.0.1", "--nodes", "http://127.0.0.1:5001, http://127.0.0.1:5002"]);

        Assert.Equal(("run", "accounts", 2), (parsed.Command, parsed.EntityType, parsed.Nodes.Count));
    }

    // Not AsyncEnumerable.Empty: two assemblies in this test's references define AsyncEnumerable.
    private static async IAsyncEnumerable<Grpc.Api.V1.CommittedEvent> NoEvents()
    {
        await Task.CompletedTask;
        yield break;
    }
}
