using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Grpc.Server;

internal sealed partial class ServerCall
{
    // Present only for calls with a grpc-timeout: the timer may end the call while the handler is still
    // writing, so writes and the status take this lock. Calls without a deadline skip it entirely.
    private SemaphoreSlim? _writeLock;
    private CancellationTokenSource? _deadlineTimer;
    private CancellationTokenSource? _callCancellation;
    private CancellationTokenRegistration _deadlineRegistration;

    private ServerCallContext StartDeadline(string method, TimeSpan timeout)
    {
        _writeLock = new SemaphoreSlim(1, 1);
        _deadlineTimer = new CancellationTokenSource();
        _callCancellation = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _deadlineTimer.Token);
        var deadlineUtc = timeout >= DateTime.MaxValue - DateTime.UtcNow ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        var context = new ServerCallContext(_http, method, deadlineUtc, _callCancellation.Token);
        _deadlineRegistration = _deadlineTimer.Token.UnsafeRegister(static state => _ = ((ServerCall)state!).ExpireAsync(), this);
        return context;
    }

    private void ArmDeadline(TimeSpan timeout)
    {
        // Timers take at most ~49 days; a longer deadline is as good as none.
        if (timeout < TimeSpan.FromDays(30))
        {
            _deadlineTimer!.CancelAfter(timeout);
        }
    }

    /// <summary>
    /// At the deadline: the handler's token is already cancelled (linked); send DEADLINE_EXCEEDED now
    /// and complete the response, so the client gets its status even from a handler that ignores
    /// cancellation. The handler's later writes fail, and its own status is dropped.
    /// </summary>
    private async Task ExpireAsync()
    {
        try
        {
            await _writeLock!.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_completed)
                {
                    return;
                }
                _completed = true;
                WriteStatus(new GrpcStatus(StatusCode.DeadlineExceeded, DeadlineDetail), null);
                await _http.Response.CompleteAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception e)
        {
            // The client may have reset the stream at its own deadline at the same moment.
            ServerLog.DeadlineCompletionFailed(_logger, Context.Method, e);
        }
    }

    /// <summary>
    /// Called once the status is sent. Disposing the registration waits for a running timer callback,
    /// and <see cref="_completed"/> stops any later one before it touches the (pooled) HttpContext.
    /// </summary>
    private void StopDeadline()
    {
        if (_deadlineTimer is null)
        {
            return;
        }
        _deadlineRegistration.Dispose();
        _deadlineTimer.Dispose();
        _callCancellation!.Dispose();
    }
}
