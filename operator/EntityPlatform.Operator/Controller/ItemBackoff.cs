using EntityPlatform.Kubernetes.Watching;

namespace EntityPlatform.Operator.Controller;

/// <summary>
/// Per-item exponential backoff: base × 2^(failures), capped. A key that keeps failing is retried ever
/// more slowly, without slowing the other keys; <see cref="Forget"/> resets it after a success.
/// </summary>
public sealed class ItemBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    // 2^30 × any sane base overflows the cap long before, so counting further only risks overflow.
    private const int MaxExponent = 30;
    private readonly Dictionary<ObjectKey, int> _failures = [];
    private readonly Lock _lock = new();

    public TimeSpan Next(ObjectKey key)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = Math.Min(failures + 1, MaxExponent);
            var delay = baseDelay.TotalMilliseconds * Math.Pow(2, failures);
            return TimeSpan.FromMilliseconds(Math.Min(delay, maxDelay.TotalMilliseconds));
        }
    }

    public int Failures(ObjectKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    public void Forget(ObjectKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }
}
