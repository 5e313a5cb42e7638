using System.Text;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Transport;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// The client API on every node (the router): any node accepts any call. A command or query goes to the
/// local replica when it can serve it, else one hop to the shard's leader, else UNAVAILABLE with the
/// leader hint (ep-leader-hint) that smart clients follow. <paramref name="clients"/> holds every node's
/// CLIENT address (what Topology and leader hints give out, and where calls are forwarded).
/// </summary>
public sealed partial class EntityServiceHandlers(MultiRaftScheduler scheduler, PeerDirectory clients, Forwarder forwarder, RequestLimits limits,
    Events.EventSubscriptions? subscriptions = null)
    : EntityService.EntityServiceBase
{
    /// <summary>Streams from this node's own replicas (Events/EventSubscriptions.cs); never forwarded.</summary>
    public override Task Subscribe(SubscribeRequest request, IServerStreamWriter<CommittedEvent> responseStream, ServerCallContext context) =>
        (subscriptions ?? new Events.EventSubscriptions(scheduler, new Events.SubscriptionLimits())).ServeAsync(request, responseStream, context.CancellationToken);

    public override async Task<CommandReply> Command(Grpc.Api.V1.CommandRequest request, ServerCallContext context)
    {
        var catalog = scheduler.Catalog;
        RequestValidation.EntityAddress(catalog, limits, request.EntityType, request.EntityId, request.Payload.Length);
        var session = RequestValidation.Session(request.ClientSessionId, request.RequestId, TimeProvider.System.GetUtcNow());
        var deadline = DeadlineOf(context);
        var shard = catalog.ShardOf(request.EntityType, request.EntityId);
        var payload = request.Payload.ToByteArray();
        var result = await SubmitAwaitingLeaderAsync(() => new Scheduler.Requests.CommandRequest(shard, request.EntityId, payload, session, request.RequestId, deadline),
            session, deadline, context.CancellationToken);
        switch (result.Status)
        {
            case RequestStatus.Ok:
                return new CommandReply { Accepted = Accepted(result) };
            case RequestStatus.Rejected:
                return new CommandReply { Rejected = new Rejected { Reason = result.Message ?? "" } };
            case RequestStatus.NotLeader or RequestStatus.Retry when CommandRetryPolicy.MayResend(result.Status, session) && CanForward(context, result):
                return await WakeOnForwardFailure(shard, Forwarder.RunAsync(result.LeaderHint, clients,
                    () => forwarder.ClientFor(result.LeaderHint)!.CommandAsync(request, Forwarder.OptionsFor(deadline, context.CancellationToken)).ResponseAsync,
                    context.CancellationToken));
            case RequestStatus.Retry when session == Guid.Empty:
                throw RichErrors.Create(StatusCode.Aborted,
                    $"{result.Message}; the command may or may not have been applied, and without a client_session_id it cannot be retried safely",
                    ErrorReasons.OutcomeUnknown);
            default:
                throw ResultMapping.ToException(result, clients);
        }
    }

    public override async Task<QueryReply> Query(Grpc.Api.V1.QueryRequest request, ServerCallContext context)
    {
        var catalog = scheduler.Catalog;
        RequestValidation.EntityAddress(catalog, limits, request.EntityType, request.EntityId, request.Payload.Length);
        var consistency = request.Consistency switch
        {
            Consistency.Unspecified or Consistency.Linearizable => ReadConsistency.Linearizable,
            Consistency.Lease => ReadConsistency.Lease,
            Consistency.BoundedStaleness => ReadConsistency.BoundedStaleness,
            _ => throw RequestValidation.Invalid($"consistency {(int)request.Consistency} is unknown; expected LINEARIZABLE, LEASE or BOUNDED_STALENESS"),
        };
        var staleness = request.MaxStalenessMs == 0 ? limits.DefaultMaxStaleness : TimeSpan.FromMilliseconds(Math.Min(request.MaxStalenessMs, 3_600_000));
        var deadline = DeadlineOf(context);
        var shard = catalog.ShardOf(request.EntityType, request.EntityId);
        var query = new Scheduler.Requests.QueryRequest(shard, request.EntityId, string.IsNullOrEmpty(request.QueryName) ? "state" : request.QueryName,
            request.Payload.ToByteArray(), consistency, staleness, deadline);
        var result = await scheduler.SubmitQuery(query);
        if (result.Status == RequestStatus.Ok)
        {
            return new QueryReply { Result = ByteString.CopyFrom(result.QueryResult), AppliedIndex = result.AppliedIndex, ShardId = (uint)shard.Shard };
        }

        if (result.Status is RequestStatus.NotLeader or RequestStatus.Retry && CanForward(context, result))
        {
            return await WakeOnForwardFailure(shard, Forwarder.RunAsync(result.LeaderHint, clients,
                () => forwarder.ClientFor(result.LeaderHint)!.QueryAsync(request, Forwarder.OptionsFor(deadline, context.CancellationToken)).ResponseAsync,
                context.CancellationToken));
        }

        throw ResultMapping.ToException(result, clients);
    }

    public override async Task<TopologyReply> Topology(TopologyRequest request, ServerCallContext context)
    {
        var reply = new TopologyReply { NodeId = scheduler.NodeId, PlacementVersion = (ulong)scheduler.PlacementVersion };
        var replicas = await scheduler.StatusAsync();
        foreach (var (name, shards) in scheduler.Catalog.Types)
        {
            var type = new EntityTypeTopology { Name = name, Shards = (uint)shards };
            foreach (var replica in replicas.Where(replica => replica.Shard.EntityType == name))
            {
                type.Leaders.Add(new ShardLeader { ShardId = (uint)replica.Shard.Shard, LeaderNodeId = replica.Raft.Leader, Term = replica.Raft.Term });
            }

            reply.EntityTypes.Add(type);
        }

        foreach (var (nodeId, address) in clients.Snapshot().OrderBy(pair => pair.Key))
        {
            reply.Nodes.Add(new TopologyNode { NodeId = nodeId, Address = address.ToString() });
        }

        return reply;
    }

    /// <summary>A forward that failed as if the leader were gone wakes the local replica (issue 12, item 9); the error still goes to the client.</summary>
    private async Task<T> WakeOnForwardFailure<T>(ShardId shard, Task<T> forward)
    {
        try
        {
            return await forward;
        }
        catch (Exception error) when (ForwardFailure.SuggestsLeaderGone(error))
        {
            scheduler.WakeShard(shard);
            throw;
        }
    }

    private bool CanForward(ServerCallContext context, RequestResult result) =>
        result.LeaderHint != 0 && result.LeaderHint != scheduler.NodeId &&
        context.RequestHeaders.Get(ApiMetadata.Forwarded) is null &&
        forwarder.ClientFor(result.LeaderHint) is not null;

    private DateTime DeadlineOf(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? scheduler.Clock.GetUtcNow().UtcDateTime + limits.DefaultTimeout : context.Deadline;

    /// <summary>The reply carries the recorded events as a JSON array (the default serializer's form).</summary>
    private static Accepted Accepted(RequestResult result)
    {
        var reply = result.Reply!;
        var json = "[" + string.Join(",", reply.Events.Select(Encoding.UTF8.GetString)) + "]";
        return new Accepted
        {
            EventCount = (uint)reply.Events.Count,
            FirstEventOffset = reply.FirstEventOffset,
            Reply = ByteString.CopyFromUtf8(json),
            Deduplicated = result.Deduplicated,
        };
    }
}
