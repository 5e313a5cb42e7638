using System.Runtime.CompilerServices;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Tests.Fakes;
using EntityPlatform.Projections.Tests.Postgres;
using static EntityPlatform.Projections.Tests.ReadModelTestKit;

namespace EntityPlatform.Projections.Tests;

/// <summary>Stream failures are retried a bounded number of times, and permanent ones not at all.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SourceFailureTests(PostgresFixture fixture)
{
    [Fact]
    public async Task AStreamThatKeepsFailingStopsTheHostAfterTheBound()
    {
        await using var db = await NewReadModelAsync(fixture);
        var options = FastOptions();
        options.MaxConsecutiveSourceFailures = 4;
        var calls = 0;
        using var host = Host(db, (_, ct) => Failing(() => Interlocked.Increment(ref calls), new IOException("connection refused"), ct), new ObservedProjection(), options);
        using var metrics = new MetricRecorder(host.Meter);

        var error = await Assert.ThrowsAsync<ProjectionSourceFailedException>(() => RunToEndAsync(host));

        Assert.Equal(5, calls);
        Assert.Equal(5, metrics.Total("entityplatform.projection.source_failures"));
        Assert.Contains("connection refused", error.Message);
    }

    [Fact]
    public async Task APermanentStreamErrorStopsTheHostAtOnce()
    {
        await using var db = await NewReadModelAsync(fixture);
        var options = FastOptions();
        options.IsPermanentSourceError = error => error is NotSupportedException;
        var calls = 0;
        using var host = Host(db, (_, ct) => Failing(() => Interlocked.Increment(ref calls), new NotSupportedException("Subscribe is UNIMPLEMENTED"), ct), new ObservedProjection(), options);

        var error = await Assert.ThrowsAsync<ProjectionSourceFailedException>(() => RunToEndAsync(host));

        Assert.Equal(1, calls);
        Assert.IsType<NotSupportedException>(error.InnerException);
    }

    private static async IAsyncEnumerable<CommittedEvent> Failing(Action counted, Exception error, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        counted();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw error;
#pragma warning disable CS0162 // an async iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }
}
