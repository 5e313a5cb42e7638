using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EntityPlatform.Client.Transport;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client;

public sealed partial class EntityPlatformClient
{
    /// <summary>Events buffered between the per-shard streams and the consumer: a slow consumer holds the streams back.</summary>
    private const int SubscribeBufferEvents = 1024;

    /// <summary>
    /// Streams the committed events of <paramref name="entityType"/>, every shard, in offset order per shard
    /// (shards interleave). <paramref name="resumeFrom"/> gives per shard the first offset to deliver
    /// (typically a checkpoint's last offset + 1); a shard it does not name starts at the oldest event the
    /// serving replica retains. Each shard is read from one node that hosts it; when that node fails or
    /// the stream breaks, the shard resumes on another node from its last delivered offset + 1 (bounded
    /// retries with backoff), so resuming never repeats an event. Delivery is at least once overall: a
    /// consumer that restarts from its own checkpoint may see events again. The enumeration never ends by
    /// itself; it fails with <see cref="EntityPlatformException"/> on OUT_OF_RANGE (behind retention: see
    /// <see cref="EntityPlatformException.Reason"/> and the message for the oldest retained offset), on an
    /// unknown type, or when a shard exhausts its retries. docs/events.md.
    /// </summary>
    public async IAsyncEnumerable<CommittedEvent> SubscribeAsync(string entityType, IReadOnlyDictionary<uint, ulong>? resumeFrom = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        var streams = transport as IEventStreamTransport
            ?? throw new NotSupportedException("this client's transport cannot stream events");
        var shards = await ShardCountForSubscribe(entityType, cancellationToken).ConfigureAwait(false);
        foreach (var shard in (resumeFrom ?? new Dictionary<uint, ulong>()).Keys)
        {
            if (shard >= shards)
            {
                throw new ArgumentOutOfRangeException(nameof(resumeFrom), shard, $"resumeFrom names shard {shard}; '{entityType}' has {shards} shards (0..{shards - 1})");
            }
        }

        var buffer = Channel.CreateBounded<CommittedEvent>(new BoundedChannelOptions(SubscribeBufferEvents) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = new Task[shards];
        for (var shard = 0u; shard < shards; shard++)
        {
            var pump = new ShardEventPump(entityType, shard, resumeFrom?.GetValueOrDefault(shard) ?? 0, streams, map, refresher, options, time);
            pumps[shard] = RunPump(pump, buffer.Writer, stop.Token);
        }

        try
        {
            await foreach (var committed in buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return committed;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    /// <summary>A pump's fatal error ends the whole enumeration with it; cancellation ends it quietly.</summary>
    private static async Task RunPump(ShardEventPump pump, ChannelWriter<CommittedEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await pump.RunAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            writer.TryComplete(error);
        }
    }

    private async Task<uint> ShardCountForSubscribe(string entityType, CancellationToken cancellationToken)
    {
        if (!map.HasTopology)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        return map.ShardCount(entityType) is { } count
            ? (uint)count
            : throw new EntityPlatformException(StatusCode.NotFound, $"entity type '{entityType}' is not hosted by this cluster", 1, false, null, ErrorReasons.UnknownEntityType);
    }
}
