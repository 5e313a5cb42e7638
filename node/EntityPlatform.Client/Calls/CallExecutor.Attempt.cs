using System.Diagnostics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
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
        var remaining = call.Budget.Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            call.LastFailure = FailureKind.Fatal;
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"the call's {call.Budget.Total} deadline passed"));
        }

        // The attempt's deadline travels as grpc-timeout; a node that forwards the call keeps it.
        var callOptions = new CallOptions(
            deadline: DateTime.UtcNow + (remaining < options.AttemptTimeout ? remaining : options.AttemptTimeout),
            cancellationToken: context.CancellationToken);
        try
        {
            var reply = await breakers.For(target.Address).Pipeline.ExecuteAsync(
                static (_, state) => new ValueTask<TReply>(state.Call.InvokeAsync(state.Transport, state.Address, state.Options)),
                context, (Call: call, Transport: transport, target.Address, Options: callOptions)).ConfigureAwait(false);
            breakers.Answered(target.Address);
            return reply;
        }
        catch (Exception error) when (!context.CancellationToken.IsCancellationRequested)
        {
            var kind = FailureClassifier.Classify(error, context.CancellationToken);
            call.LastFailure = kind;
            call.MayHaveReachedLeader |= kind is not (FailureKind.CircuitOpen or FailureKind.Fatal);
            router.Learn(call, target, kind, error);
            throw;
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
