using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    private sealed record PeerInput(ulong From, IReadOnlyList<Message> Messages);
    private sealed record PeerUnreachableInput(ulong Peer);
    private sealed record SnapshotSentInput(ulong Peer, ulong GroupId, bool Failed);
    private sealed record LoopWork(Action Work);

    // Inputs handled per iteration, so a flood of requests cannot starve ticks and Readies.
    private const int MaxInputsPerIteration = 4096;

    public bool TryPost(ulong fromNode, IReadOnlyList<Message> messages) => Post(new PeerInput(fromNode, messages));

    /// <summary>Queues a command; the task completes after the command commits and applies, or fails.</summary>
    public Task<RequestResult> SubmitCommand(CommandRequest request)
    {
        if (!Post(request))
        {
            request.Complete(RequestResult.Fail(RequestStatus.Overloaded, $"node {NodeId} has {options.MaxInboxItems} requests waiting; retry with backoff"));
        }

        return request.Result;
    }

    public Task<RequestResult> SubmitQuery(QueryRequest request)
    {
        if (!Post(request))
        {
            request.Complete(RequestResult.Fail(RequestStatus.Overloaded, $"node {NodeId} has {options.MaxInboxItems} requests waiting; retry with backoff"));
        }

        return request.Result;
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread (admin operations) and returns its result.</summary>
    public Task<T> RunOnLoop<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(new LoopWork(() =>
        {
            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception error)
            {
                completion.TrySetException(error);
            }
        }));
        if (!posted)
        {
            completion.TrySetException(new InvalidOperationException($"node {NodeId} is overloaded or stopping"));
        }

        return completion.Task;
    }

    private bool Post(object input)
    {
        if (stopping.IsCancellationRequested || Failure is not null || Interlocked.Increment(ref inputCount) > options.MaxInboxItems)
        {
            Interlocked.Decrement(ref inputCount);
            return false;
        }

        inputs.Enqueue(input);
        wake.Release();
        return true;
    }

    private void DrainInputs()
    {
        var handled = 0;
        for (; handled < MaxInputsPerIteration && inputs.TryDequeue(out var input); handled++)
        {
            Interlocked.Decrement(ref inputCount);
            switch (input)
            {
                case PeerInput peer:
                    StepPeerMessages(peer.From, peer.Messages);
                    break;
                case CommandRequest command:
                    AcceptCommand(command);
                    break;
                case QueryRequest query:
                    AcceptQuery(query);
                    break;
                case PeerUnreachableInput unreachable:
                    OnPeerUnreachable(unreachable.Peer);
                    break;
                case SnapshotSentInput sent:
                    if (replicas.TryGetValue(sent.GroupId, out var replica))
                    {
                        replica.Raft.ReportSnapshot(sent.Peer, sent.Failed);
                        active.Add(replica);
                    }

                    break;
                case LoopWork work:
                    work.Work();
                    // Admin work (drain, placement) may touch any replica.
                    active.UnionWith(replicas.Values);
                    break;
            }
        }
        inputsLastIteration = handled;
    }

    private void StepPeerMessages(ulong from, IReadOnlyList<Message> messages)
    {
        foreach (var message in messages)
        {
            if (!replicas.TryGetValue(message.GroupId, out var replica))
            {
                replica = MaybeCreateReplicaFor(message);
                if (replica is null)
                {
                    continue;
                }
            }

            active.Add(replica);
            try
            {
                replica.Raft.Step(message);
            }
            catch (InvalidMessageException error)
            {
                LogMessages.MalformedMessage(logger, from, error.Message);
            }

            if (message.From == replica.Raft.Leader && message.Type is MessageType.App or MessageType.Heartbeat or MessageType.Snap)
            {
                replica.LeaderContactTimestamp = options.Clock.GetTimestamp();
            }
        }
    }

    /// <summary>The transport lost a peer: stop pipelining to it, and wake followers whose leader it was.</summary>
    private void OnPeerUnreachable(ulong peer)
    {
        foreach (var replica in replicas.Values)
        {
            active.Add(replica);
            if (replica.IsLeader)
            {
                replica.Raft.ReportUnreachable(peer);
            }
            else if (replica.Raft.Leader == peer)
            {
                replica.Raft.Wake();
            }
        }
    }
}
