namespace EntityPlatform.Node.Scheduler.Requests;

/// <summary>A client command on its way through the loop. Completion runs continuations off the loop thread.</summary>
public sealed class CommandRequest(ShardId shard, string entityId, byte[] payload, Guid session, ulong requestId, DateTime deadlineUtc)
{
    public ShardId Shard { get; } = shard;
    public string EntityId { get; } = entityId;
    public byte[] Payload { get; } = payload;
    public Guid Session { get; } = session;
    public ulong RequestId { get; } = requestId;
    public DateTime DeadlineUtc { get; } = deadlineUtc;

    private readonly TaskCompletionSource<RequestResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RequestResult> Result => completion.Task;

    public void Complete(RequestResult result) => completion.TrySetResult(result);
}
