using System.Diagnostics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Calls;

internal sealed partial class CallExecutor
{
    /// <summary>Runs the call to its end: the reply, <see cref="EntityPlatformException"/>, or OperationCanceledException for the caller's token.</summary>
    public async Task<TReply> RunAsync<TReply>(CallState<TReply> call, Func<TReply, string> statusOf, CancellationToken cancellationToken)
    {
        using var activity = ClientActivities.Start(call.Method, call.EntityType, call.Shard?.Shard);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, call);
        var status = "ok";
        try
        {
            var reply = await retry.ExecuteAsync(static (ctx, state) => state.Executor.AttemptAsync(ctx, state.Call), context, (Executor: this, Call: call))
                .ConfigureAwait(false);
            status = statusOf(reply);
            return reply;
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
            throw error as OperationCanceledException ?? new OperationCanceledException("The caller cancelled the call.", error, cancellationToken);
        }
        catch (Exception error) when (error is RpcException or BrokenCircuitException)
        {
            var failure = Fail(call, error);
            status = failure.StatusCode.ToString();
            ClientLog.CallFailed(logger, call.Method, call.EntityType, call.EntityId, call.Attempts, failure.StatusCode, error.Message);
            throw failure;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            metrics.CallFinished(call.Method, status, call.Budget.Elapsed);
            if (activity is not null)
            {
                activity.SetTag("entityplatform.attempts", call.Attempts);
                activity.SetTag("entityplatform.status", status);
                activity.SetStatus(status is "ok" or "rejected" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            }
        }
    }

    private async ValueTask<TReply> AttemptAsync<TReply>(ResilienceContext context, CallState<TReply> call)
    {
        call.Attempts++;
        var target = router.Choose(call);
        call.LastTarget = target;
        if (call.Budget.Remaining <= TimeSpan.Zero)
        {
            call.LastFailure = FailureKind.Fatal;
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"the call's {call.Budget.Total} deadline passed"));
        }

        return await RunHedgedAsync(call, target, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt at one node, inside that node's circuit breaker, with grpc-timeout = min(attempt timeout,
    /// remaining deadline); the deadline travels on, so a node that forwards the call keeps it. The breaker
    /// gets its own context carrying <paramref name="token"/>, so an attempt cancelled because another one
    /// answered first is classified as cancelled, never as a failure of its node.
    /// </summary>
    private async Task<TReply> SendAsync<TReply>(CallState<TReply> call, NodeTarget target, CancellationToken token)
    {
        var remaining = call.Budget.Remaining;
        var callOptions = new CallOptions(
            deadline: DateTime.UtcNow + (remaining < options.AttemptTimeout ? remaining : options.AttemptTimeout),
            cancellationToken: token);
        var context = ResilienceContextPool.Shared.Get(token);
        try
        {
            return await breakers.For(target.Address).Pipeline.ExecuteAsync(
                static (_, state) => new ValueTask<TReply>(state.Call.InvokeAsync(state.Transport, state.Address, state.Options)),
                context, (Call: call, Transport: transport, target.Address, Options: callOptions)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private EntityPlatformException Fail(CallState call, Exception error)
    {
        var (code, detail) = error switch
        {
            RpcException grpc => (grpc.StatusCode, grpc.Status.Detail),
            _ => (StatusCode.Unavailable, "every candidate node's circuit is open: " + error.Message),
        };
        var why = FailureClassifier.IsRetryable(call.LastFailure) ? $"gave up after {call.Attempts} attempts in {call.Budget.Elapsed.TotalMilliseconds:0} ms" : "not retryable";
        var applied = call is CommandCall && call.MayHaveReachedLeader;
        return new EntityPlatformException(code,
            $"{call.Method} {call.EntityType}/{call.EntityId} failed ({why}): {code}{(detail.Length > 0 ? ": " + detail : "")}",
            call.Attempts, applied, error, error is RpcException rpc ? RichErrors.AnyReasonOf(rpc) : null);
    }
}
