using System.Diagnostics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;

namespace EntityPlatform.Client.Calls;

internal sealed partial class CallExecutor
{
    /// <summary>
    /// One attempt and its hedges. The attempt goes to <paramref name="first"/>; while nothing has answered,
    /// the k-th hedge (the same request: same session and request id, so the server applies a command once)
    /// goes to the router's next candidate (see <see cref="HedgeDue"/> for when), or at once when a failed
    /// hedge named a leader. The first answer wins and every other attempt is cancelled. A failure of one
    /// attempt teaches the router as before; the group fails when every attempt it sent has failed (the
    /// retry loop then takes over), or at once on a failure that is not retryable.
    /// </summary>
    private async Task<TReply> RunHedgedAsync<TReply>(CallState<TReply> call, NodeTarget first, CancellationToken callerToken)
    {
        using var group = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        var running = new List<HedgedAttempt<TReply>>(1 + options.MaxHedgesPerAttempt);
        running.Add(Start(call, first, hedge: false, group.Token));
        var began = time.GetTimestamp();
        var delay = hedgeDelay.Current();
        var hedgesSent = 0;
        var nextHedgeAt = HedgeDue(delay, 0);
        Task? timer = null;
        var leaderChange = router.NextLeaderChange;
        var reroutes = 0;
        try
        {
            while (true)
            {
                // A leader learned while every attempt waits (a watch, another call's hint, a failed attempt's hint
                // with hedging off): send the same request there at once, beside the waiting ones (issue 19).
                var rerouting = reroutes < MaxReroutesPerAttempt;
                if (rerouting && running.Count > 0 && (leaderChange.IsCompleted || (call.Hinted is not null && options.MaxHedgesPerAttempt == 0)))
                {
                    leaderChange = router.NextLeaderChange;
                    if (router.ChooseReroute(call, running.Select(attempt => attempt.Target.Address).ToArray()) is { } rerouted)
                    {
                        reroutes++;
                        call.Reroutes++;
                        metrics.Hedge(call.Method, "rerouted");
                        running.Add(Start(call, rerouted, hedge: false, group.Token, reroute: true));
                        continue;
                    }
                }

                var hedging = hedgesSent < options.MaxHedgesPerAttempt;
                if (hedging && running.Count > 0 && (call.Hinted is not null || time.GetElapsedTime(began) >= nextHedgeAt))
                {
                    if (TryHedge(call, running, first, delay, group.Token) is { } hedge)
                    {
                        running.Add(hedge);
                        hedgesSent++;
                        nextHedgeAt = HedgeDue(delay, hedgesSent);
                        continue;
                    }

                    // No token (the client's hedges in flight are at the cap) or no other node: wait for the
                    // attempts this call has, and try again one hedge delay later.
                    nextHedgeAt = time.GetElapsedTime(began) + delay;
                }

                if (hedging && timer is not { IsCompleted: false })
                {
                    var due = nextHedgeAt - time.GetElapsedTime(began);
                    timer = Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, time, group.Token);
                }

                var done = await Task.WhenAny(WaitSet(running, hedging ? timer : null, rerouting ? leaderChange : null)).ConfigureAwait(false);
                if (done == timer || done == leaderChange)
                {
                    continue;
                }

                var finished = running.Single(attempt => attempt.Task == done);
                running.Remove(finished);
                if (finished.Task.IsCompletedSuccessfully)
                {
                    if (finished.Hedge && running.Any(attempt => attempt.Target == first) && time.GetElapsedTime(began) >= options.HedgeDelayMax)
                    {
                        router.SilentLoser(call, first);
                    }

                    return Won(call, finished, first);
                }

                // Throws when the caller cancelled, the failure is not retryable, or no attempt is left.
                Failed(call, finished, running.Count, callerToken);
            }
        }
        finally
        {
            // The losers: cancelling them resets their streams, so the nodes stop working on them too.
            call.MayHaveReachedLeader |= call is CommandCall && running.Count > 0;
            await group.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// When the hedge after <paramref name="hedgesSent"/> hedges is due: delay·(2^(k+1) − 1) after the attempt
    /// began, so 1, 3, 7 delays. The gaps double because the early hedges of a paused leader go to followers
    /// that still forward to it; a later one, sent once the election is likely over, reaches the new leader.
    /// </summary>
    /// <summary>
    /// Re-routes per attempt group: a leader changes rarely, so two cover a change and a hint after it, and a
    /// flapping map cannot make one call send without bound.
    /// </summary>
    private const int MaxReroutesPerAttempt = 2;

    private static TimeSpan HedgeDue(TimeSpan delay, int hedgesSent) => delay * ((1 << (hedgesSent + 1)) - 1);

    /// <summary>
    /// The nodes a hedge must not go to: the first attempt's (the one that is slow), and every node asked
    /// within the last two hedge delays. A node asked longer ago may be asked again: a follower that forwarded
    /// to a paused leader is stuck on that forward, but a new request to it goes to the leader it knows now.
    /// </summary>
    private Uri[] Busy<TReply>(List<HedgedAttempt<TReply>> running, NodeTarget first, TimeSpan delay) =>
        running.Where(attempt => time.GetElapsedTime(attempt.StartTimestamp) < delay * 2)
            .Select(attempt => attempt.Target.Address)
            .Append(first.Address)
            .Distinct()
            .ToArray();

    private HedgedAttempt<TReply> Start<TReply>(CallState<TReply> call, NodeTarget target, bool hedge, CancellationToken token, bool reroute = false)
    {
        var attempt = new HedgedAttempt<TReply>(SendAsync(call, target, token), target, time.GetTimestamp(), hedge, reroute);
        // Observes the loser's exception (nobody awaits a cancelled loser) and returns the hedge's token
        // when its attempt really ends, not when the group does: the budget counts hedges in flight.
        _ = attempt.Task.ContinueWith(static (task, budget) =>
        {
            _ = task.Exception;
            (budget as HedgeBudget)?.Return();
        }, hedge ? hedgeBudget : null, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return attempt;
    }

    private HedgedAttempt<TReply>? TryHedge<TReply>(CallState<TReply> call, List<HedgedAttempt<TReply>> running, NodeTarget first, TimeSpan delay, CancellationToken token)
    {
        var target = router.ChooseHedge(call, Busy(running, first, delay));
        if (target is not { } next)
        {
            return null;
        }

        if (!hedgeBudget.TryTake())
        {
            metrics.Hedge(call.Method, "no_budget");
            return null;
        }

        call.Hedges++;
        metrics.Hedge(call.Method, "sent");
        Activity.Current?.AddEvent(new ActivityEvent("hedge", tags: new ActivityTagsCollection { ["entityplatform.hedge"] = call.Hedges }));
        ClientLog.Hedging(logger, call.Method, call.EntityType, call.EntityId, first.Address, delay.TotalMilliseconds, next.Address);
        return Start(call, next, hedge: true, token);
    }

    private static Task[] WaitSet<TReply>(List<HedgedAttempt<TReply>> running, Task? timer, Task? leaderChange)
    {
        var tasks = new List<Task>(running.Count + 2);
        tasks.AddRange(running.Select(attempt => attempt.Task));
        if (timer is not null)
        {
            tasks.Add(timer);
        }

        if (leaderChange is not null)
        {
            tasks.Add(leaderChange);
        }

        return tasks.ToArray();
    }

    private TReply Won<TReply>(CallState<TReply> call, HedgedAttempt<TReply> winner, NodeTarget first)
    {
        latency.Record(time.GetElapsedTime(winner.StartTimestamp));
        breakers.Answered(winner.Target.Address);
        call.LastTarget = winner.Target;
        if (winner.Hedge)
        {
            metrics.Hedge(call.Method, "won");
            router.HedgeWon(call, winner.Target);
        }

        if (winner.Reroute)
        {
            metrics.Hedge(call.Method, "rerouted_won");
        }

        Invariant.Assert(winner.Hedge || winner.Reroute || winner.Target == first, "only the first attempt of a group is neither a hedge nor a re-route");
        return winner.Task.Result;
    }

    private void Failed<TReply>(CallState<TReply> call, HedgedAttempt<TReply> finished, int stillRunning, CancellationToken callerToken)
    {
        var error = finished.Task.Exception!.InnerException!;
        if (callerToken.IsCancellationRequested)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        var kind = FailureClassifier.Classify(error, callerToken);
        call.LastFailure = kind;
        call.LastTarget = finished.Target;
        call.MayHaveReachedLeader |= kind is not (FailureKind.CircuitOpen or FailureKind.Fatal);
        router.Learn(call, finished.Target, kind, error);
        if (stillRunning == 0 || !FailureClassifier.IsRetryable(kind))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }
}
