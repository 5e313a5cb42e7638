using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Scheduler.Requests;

/// <summary>The answer to a command or query. Exactly one of Reply (commands) or QueryResult (queries) is set on success.</summary>
public sealed record RequestResult(
    RequestStatus Status,
    string? Message = null,
    ulong LeaderHint = 0,
    CommandReply? Reply = null,
    bool Deduplicated = false,
    byte[]? QueryResult = null,
    ulong AppliedIndex = 0)
{
    public static RequestResult Fail(RequestStatus status, string message, ulong leaderHint = 0) => new(status, message, leaderHint);
}
