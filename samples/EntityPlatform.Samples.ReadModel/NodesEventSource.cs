using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Sources;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>
/// An <see cref="EventSource"/> straight over <c>EntityService.Subscribe</c>, for the console: each
/// subscription goes to the next node in the list, so when the host resubscribes after a node failure it
/// lands on another replica. A program using the SDK passes
/// <c>EventSources.FromSubscribe(client.SubscribeAsync, entityType)</c> instead, which fails over by itself.
/// </summary>
public sealed class NodesEventSource(IReadOnlyList<Uri> nodes, string entityType) : IDisposable
{
    private readonly ChannelPool channels = new();
    private int next;

    public async IAsyncEnumerable<CommittedEvent> SubscribeAsync(IReadOnlyDictionary<uint, ulong> resumeFrom,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var node = nodes[(int)((uint)Interlocked.Increment(ref next) % (uint)nodes.Count)];
        var client = new EntityService.EntityServiceClient(channels.Get(node));
        var request = new SubscribeRequest { EntityType = entityType };
        request.ResumeFrom.AddRange(resumeFrom.Select(pair => new ShardOffset { ShardId = pair.Key, Offset = pair.Value }));
        using var call = client.Subscribe(request, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    /// <summary>Answers no resubscription can change: the host stops on them instead of retrying.</summary>
    public static bool IsPermanent(Exception error) => error is global::Grpc.Core.RpcException
    {
        StatusCode: global::Grpc.Core.StatusCode.Unimplemented or global::Grpc.Core.StatusCode.NotFound or global::Grpc.Core.StatusCode.InvalidArgument
            or global::Grpc.Core.StatusCode.OutOfRange or global::Grpc.Core.StatusCode.PermissionDenied or global::Grpc.Core.StatusCode.Unauthenticated,
    };

    public void Dispose() => channels.Dispose();
}
