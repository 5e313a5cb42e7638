using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Which failed command outcomes the router may send on to the leader by itself. A NotLeader answer means
/// the command was never appended, so forwarding it is always safe. A Retry answer means it was appended
/// and may still commit (a deposed leader's entry can survive in the new term): re-sending it is safe only
/// when it carries a client session, whose dedup record makes the second copy a no-op. A sessionless
/// command is then answered ABORTED, and the client decides (issue 12, item 5).
/// </summary>
internal static class CommandRetryPolicy
{
    public static bool MayResend(RequestStatus status, Guid session) =>
        status == RequestStatus.NotLeader || (status == RequestStatus.Retry && session != Guid.Empty);
}
