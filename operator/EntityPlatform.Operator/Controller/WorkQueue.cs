using EntityPlatform.Kubernetes.Watching;

namespace EntityPlatform.Operator.Controller;

/// <summary>
/// The controller's rate-limited work queue, with client-go's semantics: one entry per key however often
/// it is added; a key being reconciled is never handed to a second worker, and one added meanwhile is
/// queued again when the worker calls <see cref="Done"/>. Retries go through <see cref="AddRateLimited"/>:
/// per-key exponential backoff, and an overall token bucket. Delays use the injected TimeProvider.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Queue<ObjectKey> _queue = new();
    private readonly HashSet<ObjectKey> _dirty = [];
    private readonly HashSet<ObjectKey> _processing = [];
    private readonly Dictionary<ObjectKey, (DateTimeOffset Due, ITimer Timer)> _delayed = [];
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ItemBackoff _backoff;
    private readonly TokenBucket _bucket;
    private readonly int _capacity;
    private bool _shutDown;

    public WorkQueue(WorkQueueOptions options, TimeProvider time)
    {
        options.Validate();
        _time = time;
        _capacity = options.Capacity;
        _backoff = new ItemBackoff(options.BackoffBase, options.BackoffMax);
        _bucket = new TokenBucket(options.RatePerSecond, options.Burst, time);
    }

    /// <summary>Keys waiting to be reconciled now (not counting delayed or in-progress ones).</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(ObjectKey key)
    {
        lock (_lock)
        {
            if (_shutDown || _dirty.Contains(key))
            {
                return;
            }

            // Bounded: with more distinct keys than the capacity, the informer's next resync adds them again.
            if (_dirty.Count >= _capacity)
            {
                throw new InvalidOperationException($"work queue is full ({_capacity} keys); raise WorkQueueOptions.Capacity");
            }

            _dirty.Add(key);
            if (!_processing.Contains(key))
            {
                _queue.Enqueue(key);
                _ready.Release();
            }
        }
    }

    /// <summary>Adds the key after <paramref name="delay"/>; of several pending delays per key, the earliest wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            var due = _time.GetUtcNow() + delay;
            if (_shutDown || (_delayed.TryGetValue(key, out var pending) && pending.Due <= due))
            {
                return;
            }

            pending.Timer?.Dispose();
            var timer = _time.CreateTimer(_ => Fire(key), null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>A retry after a failure: per-key exponential backoff, and never faster than the token bucket allows.</summary>
    public TimeSpan AddRateLimited(ObjectKey key)
    {
        var delay = _backoff.Next(key);
        var bucket = _bucket.Reserve();
        var wait = delay > bucket ? delay : bucket;
        AddAfter(key, wait);
        return wait;
    }

    /// <summary>Resets the key's backoff, after a successful reconcile.</summary>
    public void Forget(ObjectKey key) => _backoff.Forget(key);

    public int Failures(ObjectKey key) => _backoff.Failures(key);

    /// <summary>Waits for the next key; null once the queue is shut down.</summary>
    public async Task<ObjectKey?> GetAsync(CancellationToken cancellation)
    {
        await _ready.WaitAsync(cancellation).ConfigureAwait(false);
        lock (_lock)
        {
            if (_shutDown || _queue.Count == 0)
            {
                return null;
            }

            var key = _queue.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            return key;
        }
    }

    /// <summary>The worker finished the key; if it was added meanwhile, it is queued again now.</summary>
    public void Done(ObjectKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutDown)
            {
                _queue.Enqueue(key);
                _ready.Release();
            }
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shutDown = true;
            foreach (var (_, pending) in _delayed)
            {
                pending.Timer.Dispose();
            }

            _delayed.Clear();
            _ready.Release(int.MaxValue / 2);
        }
    }

    public void Dispose()
    {
        ShutDown();
        _ready.Dispose();
    }

    private void Fire(ObjectKey key)
    {
        lock (_lock)
        {
            if (_delayed.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }

        Add(key);
    }
}
