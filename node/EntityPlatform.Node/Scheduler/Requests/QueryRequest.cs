namespace EntityPlatform.Node.Scheduler.Requests;

/// <summary>How fresh a query's answer must be.</summary>
public enum ReadConsistency
{
    /// <summary>ReadIndex: reflects every write acknowledged before the query began. Any replica may serve.</summary>
    Linearizable,

    /// <summary>Served by the leader under its lease without a round trip; relies on bounded clock drift.</summary>
    Lease,

    /// <summary>Any replica that heard from its leader within the stated staleness serves locally.</summary>
    BoundedStaleness,
}

/// <summary>A client query on its way through the loop.</summary>
public sealed class QueryRequest(ShardId shard, string entityId, string queryName, byte[] payload, ReadConsistency consistency, TimeSpan maxStaleness, DateTime deadlineUtc)
{
    public ShardId Shard { get; } = shard;
    public string EntityId { get; } = entityId;
    public string QueryName { get; } = queryName;
    public byte[] Payload { get; } = payload;
    public ReadConsistency Consistency { get; } = consistency;
    public TimeSpan MaxStaleness { get; } = maxStaleness;
    public DateTime DeadlineUtc { get; } = deadlineUtc;

    private readonly TaskCompletionSource<RequestResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RequestResult> Result => completion.Task;

    public void Complete(RequestResult result) => completion.TrySetResult(result);
}
