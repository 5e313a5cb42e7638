using EntityPlatform.Node.Scheduler.Requests;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

public sealed partial class EntityServiceHandlers
{
    /// <summary>
    /// The longest a command waits on this node for its shard to have a leader again. Shorter than the SDK's
    /// attempt timeout (1 s), so a live node never looks silent to the client; longer than a leadership transfer
    /// (a vote round and two fsyncs) and a typical election.
    /// </summary>
    public static readonly TimeSpan LeaderWaitMax = TimeSpan.FromMilliseconds(300);

    /// <summary>Resubmissions per command: a transfer needs three (transfer under way, leader unknown, leader known).</summary>
    private const int LeaderWaitRounds = 4;

    /// <summary>
    /// Submits the command; while the answer is "no leader to send it to" (a leadership transfer is under way,
    /// or this node knows no leader yet), waits for the next leadership change on this node and submits it
    /// again, so that a drain or an election is absorbed here instead of costing the client a failed attempt
    /// and a backoff (issue 19). Only commands that may be resent are retried: a NotLeader command was never
    /// appended, and a Retry one carries a session whose dedup record makes a second copy a no-op.
    /// </summary>
    private async Task<RequestResult> SubmitAwaitingLeaderAsync(Func<Scheduler.Requests.CommandRequest> next, Guid session, DateTime deadline, CancellationToken cancellationToken)
    {
        var changes = scheduler.Leadership;
        var seen = changes.Version;
        var result = await scheduler.SubmitCommand(next());
        var clock = scheduler.Clock;
        var waitUntil = clock.GetUtcNow().UtcDateTime + Min(LeaderWaitMax, (deadline - clock.GetUtcNow().UtcDateTime) / 2);
        for (var round = 0; round < LeaderWaitRounds && AwaitsLeader(result, session); round++)
        {
            var left = waitUntil - clock.GetUtcNow().UtcDateTime;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await changes.NextAfter(seen).WaitAsync(left, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                break;
            }

            seen = changes.Version;
            result = await scheduler.SubmitCommand(next());
        }

        return result;
    }

    private bool AwaitsLeader(RequestResult result, Guid session) =>
        result.Status is RequestStatus.NotLeader or RequestStatus.Retry &&
        CommandRetryPolicy.MayResend(result.Status, session) &&
        (result.LeaderHint == 0 || result.LeaderHint == scheduler.NodeId);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
