namespace EntityPlatform.Grpc.Client;

/// <summary>
/// The cancellation of one call: the caller's token plus the deadline timer. A call with neither
/// allocates nothing. <see cref="Expired"/> tells a deadline apart from the caller's cancellation.
/// </summary>
internal readonly struct CallDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenSource? _linked;

    private CallDeadline(CancellationToken token, CancellationTokenSource? timer, CancellationTokenSource? linked)
    {
        Token = token;
        _timer = timer;
        _linked = linked;
    }

    public CancellationToken Token { get; }

    public bool Expired => _timer?.IsCancellationRequested == true;

    public static CallDeadline Start(in CallOptions options)
    {
        if (options.Timeout is not { } timeout)
        {
            return new CallDeadline(options.CancellationToken, null, null);
        }
        if (timeout <= TimeSpan.Zero)
        {
            throw new Status.GrpcCallException(Status.StatusCode.DeadlineExceeded, "Deadline exceeded before the call started.");
        }
        var timer = new CancellationTokenSource(timeout < TimeSpan.FromDays(30) ? timeout : Timeout.InfiniteTimeSpan);
        var linked = options.CancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(timer.Token, options.CancellationToken)
            : null;
        return new CallDeadline(linked?.Token ?? timer.Token, timer, linked);
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timer?.Dispose();
    }
}
