using System.Threading.Channels;
using EntityPlatform.Client.Routing;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Transport;

/// <summary>
/// One shard of a subscription: streams it from one node, and when the stream fails moves to the next node
/// and resumes from the last delivered offset + 1. Events below that offset (a server repeating itself) are
/// dropped, so a resume never delivers an event twice. Retries are bounded (the options' MaxAttempts per
/// node of the cluster, reset by every delivered event) with exponential backoff and full jitter.
/// </summary>
internal sealed class ShardEventPump(string entityType, uint shard, ulong startOffset, IEventStreamTransport streams, LeaderMap map,
    TopologyRefresher refresher, EntityPlatformClientOptions options, TimeProvider time)
{
    /// <summary>The next offset to deliver; 0 until the first event when the caller asked for the oldest retained.</summary>
    public ulong NextOffset { get; private set; } = startOffset;

    public async Task RunAsync(ChannelWriter<CommittedEvent> writer, CancellationToken cancellationToken)
    {
        var failures = 0;
        var node = (int)shard;
        RpcException? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nodes = map.Nodes();
            if (nodes.Count == 0)
            {
                await refresher.Request("subscribe").WaitAsync(cancellationToken).ConfigureAwait(false);
                nodes = map.Nodes();
            }

            if (failures >= options.MaxAttempts * Math.Max(1, nodes.Count))
            {
                throw new EntityPlatformException(last?.StatusCode ?? StatusCode.Unavailable,
                    $"shard {shard} of '{entityType}': no node streamed it after {failures} attempts; last error: {last?.Status.Detail}", failures, false, last,
                    last is null ? null : RichErrors.AnyReasonOf(last));
            }

            if (nodes.Count > 0)
            {
                var target = nodes[node % nodes.Count].Value;
                try
                {
                    if (await StreamFromAsync(target, writer, cancellationToken).ConfigureAwait(false))
                    {
                        failures = 0;
                    }
                }
                catch (RpcException error) when (!cancellationToken.IsCancellationRequested && IsRetryable(error))
                {
                    last = error;
                }
            }

            // The stream ended or failed: the next node, after a backoff.
            failures++;
            node++;
            await Task.Delay(Backoff(failures), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams until the call ends; returns whether any event was delivered. Fatal errors become EntityPlatformException.</summary>
    private async Task<bool> StreamFromAsync(Uri endpoint, ChannelWriter<CommittedEvent> writer, CancellationToken cancellationToken)
    {
        var request = new SubscribeRequest { EntityType = entityType, ShardIds = { shard } };
        request.ResumeFrom.Add(new ShardOffset { ShardId = shard, Offset = NextOffset });
        using var call = streams.Subscribe(endpoint, request, new CallOptions(cancellationToken: cancellationToken));
        var delivered = false;
        try
        {
            await foreach (var committed in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (committed.Offset < NextOffset)
                {
                    continue;
                }

                await writer.WriteAsync(committed, cancellationToken).ConfigureAwait(false);
                NextOffset = committed.Offset + 1;
                delivered = true;
            }
        }
        catch (RpcException error) when (!IsRetryable(error))
        {
            throw new EntityPlatformException(error.StatusCode, $"shard {shard} of '{entityType}': {error.Status.Detail}", 1, false, error, RichErrors.AnyReasonOf(error));
        }

        return delivered;
    }

    /// <summary>Another node may serve: the node is down or busy, does not host the shard, or lacks the offset.</summary>
    private static bool IsRetryable(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.Unknown
            or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Cancelled;

    private TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(options.BackoffMax.TotalMilliseconds, options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(ceiling * Random.Shared.NextDouble());
    }
}
