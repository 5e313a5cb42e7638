using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Controller;
using EntityPlatform.Operator.Tests.Support;

namespace EntityPlatform.Operator.Tests.Controller;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");

    [Fact]
    public async Task A_key_added_many_times_is_queued_once()
    {
        using var queue = new WorkQueue(new WorkQueueOptions(), new FakeTime());
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);
        Assert.Equal(2, queue.Depth);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(B, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_key_added_while_processing_waits_for_Done_and_is_never_handed_out_twice_at_once()
    {
        using var queue = new WorkQueue(new WorkQueueOptions(), new FakeTime());
        queue.Add(A);
        var key = await queue.GetAsync(CancellationToken.None);
        queue.Add(A);
        Assert.Equal(0, queue.Depth);
        queue.Done(key!.Value);
        Assert.Equal(1, queue.Depth);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public void Per_key_backoff_doubles_up_to_the_cap_and_Forget_resets_it()
    {
        using var queue = new WorkQueue(new WorkQueueOptions { BackoffBase = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromMilliseconds(500), Burst = 1000 }, new FakeTime());
        var delays = Enumerable.Range(0, 5).Select(_ => queue.AddRateLimited(A).TotalMilliseconds).ToArray();
        Assert.Equal([100, 200, 400, 500, 500], delays);
        Assert.Equal(100, queue.AddRateLimited(B).TotalMilliseconds);
        queue.Forget(A);
        Assert.Equal(0, queue.Failures(A));
        Assert.Equal(100, queue.AddRateLimited(A).TotalMilliseconds);
    }

    [Fact]
    public void The_token_bucket_limits_retries_across_keys_once_the_burst_is_spent()
    {
        var time = new FakeTime();
        using var queue = new WorkQueue(new WorkQueueOptions { BackoffBase = TimeSpan.FromMilliseconds(1), RatePerSecond = 10, Burst = 2 }, time);
        Assert.Equal(1, queue.AddRateLimited(new ObjectKey("ns", "k1")).TotalMilliseconds);
        Assert.Equal(1, queue.AddRateLimited(new ObjectKey("ns", "k2")).TotalMilliseconds);
        Assert.Equal(100, queue.AddRateLimited(new ObjectKey("ns", "k3")).TotalMilliseconds, precision: 3);
        Assert.Equal(200, queue.AddRateLimited(new ObjectKey("ns", "k4")).TotalMilliseconds, precision: 3);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.AddRateLimited(new ObjectKey("ns", "k5")).TotalMilliseconds);
    }

    [Fact]
    public async Task AddAfter_queues_the_key_when_the_delay_passes_and_the_earliest_delay_wins()
    {
        var time = new FakeTime();
        using var queue = new WorkQueue(new WorkQueueOptions(), time);
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(2));
        Assert.Equal(1, time.PendingTimers);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers_with_null()
    {
        var queue = new WorkQueue(new WorkQueueOptions(), new FakeTime());
        var waiting = queue.GetAsync(CancellationToken.None);
        queue.ShutDown();
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        queue.Dispose();
    }

    [Fact]
    public void The_queue_is_bounded()
    {
        using var queue = new WorkQueue(new WorkQueueOptions { Capacity = 2 }, new FakeTime());
        queue.Add(A);
        queue.Add(B);
        var error = Assert.Throws<InvalidOperationException>(() => queue.Add(new ObjectKey("ns", "c")));
        Assert.Contains("Capacity", error.Message);
    }
}
