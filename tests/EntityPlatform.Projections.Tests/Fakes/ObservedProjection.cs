using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Samples.ReadModel;

namespace EntityPlatform.Projections.Tests.Fakes;

/// <summary>
/// The real account projection with test hooks around it: <see cref="AfterWrites"/> runs after the read
/// model's writes and before the host commits (where crashes are injected), and every call is recorded.
/// </summary>
public sealed class ObservedProjection : IProjection<PostgresUnitOfWork>
{
    private readonly AccountProjection inner = new();
    private int calls;

    public Func<int, PostgresUnitOfWork, IReadOnlyList<CommittedEvent>, Task>? BeforeWrites { get; init; }

    public Func<int, PostgresUnitOfWork, IReadOnlyList<CommittedEvent>, Task>? AfterWrites { get; init; }

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Events handed to the projection (including tries that were rolled back).</summary>
    public long EventsHandled => Interlocked.Read(ref handled);

    private long handled;

    public async Task HandleAsync(PostgresUnitOfWork unitOfWork, IReadOnlyList<CommittedEvent> events, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref calls);
        BatchSizes.Enqueue(events.Count);
        Interlocked.Add(ref handled, events.Count);
        if (BeforeWrites is not null)
        {
            await BeforeWrites(call, unitOfWork, events);
        }

        await inner.HandleAsync(unitOfWork, events, cancellationToken);
        if (AfterWrites is not null)
        {
            await AfterWrites(call, unitOfWork, events);
        }
    }
}
