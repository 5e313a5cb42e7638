namespace EntityPlatform.Operator.Controller;

/// <summary>
/// The overall rate limit of the work queue: <c>ratePerSecond</c> tokens refill continuously up to
/// <c>burst</c>. A retry that finds no token is delayed until one will exist, so a storm of failures
/// across many keys cannot hammer the API server.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        if (ratePerSecond <= 0 || burst < 1)
        {
            throw new ArgumentException($"token bucket: ratePerSecond ({ratePerSecond}) must be > 0 and burst ({burst}) >= 1");
        }

        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes a token (possibly going into debt) and returns how long the caller must wait for it.</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * _ratePerSecond);
            _lastTimestamp = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
        }
    }
}
