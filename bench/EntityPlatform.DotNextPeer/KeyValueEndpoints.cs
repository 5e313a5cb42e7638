using System.Globalization;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;

namespace EntityPlatform.DotNextPeer;

/// <summary>
/// The harness's API over h2c. Status codes are the contract with the harness's adapter (DotNextCluster):
/// <list type="bullet">
/// <item>204/200: done (a write is committed by a majority, which flushed it: the WAL flushes on commit).</item>
/// <item>421 Misdirected: this member is not the leader and did nothing; header <c>ep-leader</c> names the leader's
/// member id when known. The request surely did not apply, so the client may send it elsewhere.</item>
/// <item>503: the write may or may not have applied (the leadership was lost while it was in flight), or a read
/// could not be served.</item>
/// </list>
/// </summary>
public sealed class KeyValueEndpoints(RaftCluster cluster, KeyValueStateMachine state, PeerOptions options)
{
    public const string LeaderHeader = "ep-leader";

    public void Map(WebApplication app)
    {
        app.MapPut("/kv/{key}/{value:long}", WriteAsync);
        app.MapGet("/kv/{key}", ReadAsync);
        app.MapGet("/status", Status);
    }

    private async Task WriteAsync(HttpContext context, string key, long value)
    {
        // Checked before anything is appended, so a 421 means the write was not started.
        if (cluster.LeadershipToken.IsCancellationRequested)
        {
            NotLeader(context);
            return;
        }

        var payload = KeyValueCommand.Encode(key, value);
        try
        {
            await cluster.ReplicateAsync(payload, token: context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (Exception error) when (error is InvalidOperationException or OperationCanceledException or QuorumUnreachableException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(error.GetType().Name, context.RequestAborted);
        }
    }

    /// <summary>
    /// <c>?consistency=linearizable</c> (the default): DotNext's strong read barrier (on the leader it forces a replication
    /// round and waits until the state machine has applied the last entry; on a follower it asks the leader for its
    /// commit index). <c>?consistency=lease</c>: answered only by a leader holding its lease, without a round.
    /// </summary>
    private async Task ReadAsync(HttpContext context, string key)
    {
        var consistency = context.Request.Query["consistency"].ToString();
        if (consistency == "lease")
        {
            if (!cluster.TryGetLeaseToken(out var lease) || lease.IsCancellationRequested)
            {
                NotLeader(context);
                return;
            }
        }
        else if (consistency is "" or "linearizable")
        {
            if (cluster.LeadershipToken.IsCancellationRequested)
            {
                // Only the leader serves reads, so a follower does not add a hop to the leader's work.
                NotLeader(context);
                return;
            }

            try
            {
                await cluster.ApplyReadBarrierAsync(ReadBarrierType.Strong, context.RequestAborted);
            }
            catch (Exception error) when (error is QuorumUnreachableException or OperationCanceledException)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"consistency is '{consistency}'; expected linearizable or lease", context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync(state.Read(key).ToString(CultureInfo.InvariantCulture), context.RequestAborted);
    }

    /// <summary>Who leads, this member's term and counters the harness records (allocations for bytes per write).</summary>
    private string Status() => string.Create(CultureInfo.InvariantCulture,
        $$"""{"id":{{options.Id}},"leader":{{LeaderId()}},"term":{{cluster.Term}},"keys":{{state.Count}},"allocated_bytes":{{GC.GetTotalAllocatedBytes(precise: false)}}}""");

    private void NotLeader(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        if (LeaderId() is > 0 and var leader)
        {
            context.Response.Headers[LeaderHeader] = leader.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The leader's member id (1-based position in <c>--members</c>), or 0 when none is known.</summary>
    private int LeaderId()
    {
        if (cluster.Leader?.EndPoint is not IPEndPoint leader)
        {
            return 0;
        }

        var index = options.Members.ToList().FindIndex(member => member.Equals(leader));
        return index + 1;
    }
}
