using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EntityPlatform.Node.Api;

public sealed partial class EntityServiceHandlers
{
    /// <summary>Watches one node serves at once; more are refused, so clients cannot pile up streams without bound.</summary>
    public const int MaxWatches = 1024;

    /// <summary>The shortest gap between two answers on one watch: a burst of elections costs a few answers, not one per shard.</summary>
    public static readonly TimeSpan WatchMinInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest silence on a watch: a client that hears nothing for longer may treat the stream as dead.</summary>
    public static readonly TimeSpan WatchKeepAlive = TimeSpan.FromSeconds(5);

    private int watches;

    /// <summary>
    /// Topology now, then again after every role or leader change of a local replica (issue 19). The stream
    /// ends with OK when the server stops, so shutdown does not wait out Kestrel's grace period for it.
    /// </summary>
    public override async Task WatchTopology(WatchTopologyRequest request, IServerStreamWriter<TopologyReply> responseStream, ServerCallContext context)
    {
        if (Interlocked.Increment(ref watches) > MaxWatches)
        {
            Interlocked.Decrement(ref watches);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"this node already serves {MaxWatches} topology watches; watch another node or use Topology"));
        }

        var stopping = context.GetHttpContext().RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        var changes = scheduler.Leadership;
        try
        {
            while (!ending.IsCancellationRequested)
            {
                var seen = changes.Version;
                await responseStream.WriteAsync(await Topology(new TopologyRequest(), context), ending.Token);
                await Task.Delay(WatchMinInterval, ending.Token);
                try
                {
                    await changes.NextAfter(seen).WaitAsync(WatchKeepAlive, ending.Token);
                }
                catch (TimeoutException)
                {
                    // Nothing changed: the next answer is the keep-alive.
                }
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The client went away or the server is stopping: end the call normally.
        }
        finally
        {
            Interlocked.Decrement(ref watches);
        }
    }
}
