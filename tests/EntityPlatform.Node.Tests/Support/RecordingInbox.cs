using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Support;

/// <summary>An inbox that keeps every posted message (or refuses all, to simulate an overloaded scheduler) and lets a test wait for a condition.</summary>
public sealed class RecordingInbox(bool refuse = false) : IRaftInbox
{
    private readonly Lock _lock = new();
    private readonly List<(ulong FromNode, Message Message)> _received = [];
    private readonly List<ulong> _emptyBatches = [];

    /// <summary>How many empty batches (liveness probes) <paramref name="fromNode"/> posted.</summary>
    public int EmptyBatchesFrom(ulong fromNode)
    {
        lock (_lock)
        {
            return _emptyBatches.Count(node => node == fromNode);
        }
    }
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool TryPost(ulong fromNode, IReadOnlyList<Message> messages)
    {
        if (refuse)
        {
            return false;
        }

        lock (_lock)
        {
            if (messages.Count == 0)
            {
                _emptyBatches.Add(fromNode);
            }

            foreach (var message in messages)
            {
                _received.Add((fromNode, message));
            }

            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return true;
    }

    public List<(ulong FromNode, Message Message)> Received()
    {
        lock (_lock)
        {
            return [.. _received];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the received messages; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<List<(ulong FromNode, Message Message)>> WaitForAsync(Func<List<(ulong FromNode, Message Message)>, bool> condition, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_received))
                {
                    return [.. _received];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the inbox did not reach the expected state within {timeout}; it holds {Received().Count} messages");
            }
        }
    }
}
