using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;

namespace EntityPlatform.Simulation.Network;

/// <summary>
/// The simulated network: loses, duplicates, delays and (through random delays) reorders messages, and
/// drops those that cross a cut link when they arrive. Deterministic: envelopes leave in (due time, send
/// sequence) order, and every draw comes from the run's network generator.
/// </summary>
public sealed class SimNetwork(ScenarioParameters parameters, SeededRandom random, MarkCounts marks)
{
    /// <summary>At most this many messages in flight; more are dropped, as a full send queue would.</summary>
    public const int InFlightMax = 20_000;

    private readonly PriorityQueue<Envelope, (long DueUnits, long Sequence)> inFlight = new();

    // Per directed link, the latest due time handed out: with faults off, links deliver in order (FIFO).
    private readonly long[,] lastDueUnits = new long[parameters.NodeCount + 1, parameters.NodeCount + 1];
    private long nextSequence;

    public LinkTable Links { get; } = new(parameters.NodeCount);

    /// <summary>Off during the liveness phase: the network then only delays.</summary>
    public bool FaultsEnabled { get; set; } = true;

    public int InFlightCount => inFlight.Count;

    public void Send(Message message, int senderIncarnation, long nowUnits)
    {
        if (FaultsEnabled && random.Chance(parameters.LossProbability))
        {
            marks.Hit(Mark.MessageLost);
            return;
        }

        Enqueue(message, senderIncarnation, nowUnits);
        if (FaultsEnabled && random.Chance(parameters.DuplicateProbability))
        {
            marks.Hit(Mark.MessageDuplicated);
            Enqueue(message, senderIncarnation, nowUnits);
        }
    }

    /// <summary>Moves every envelope due at or before <paramref name="nowUnits"/> into <paramref name="due"/>, in delivery order.</summary>
    public void TakeDue(long nowUnits, List<Envelope> due)
    {
        while (inFlight.TryPeek(out var envelope, out var priority) && priority.DueUnits <= nowUnits)
        {
            inFlight.Dequeue();
            due.Add(envelope);
        }
    }

    private void Enqueue(Message message, int senderIncarnation, long nowUnits)
    {
        if (inFlight.Count >= InFlightMax)
        {
            marks.Hit(Mark.MessageLost);
            return;
        }

        var delayUnits = 1 + random.Next(parameters.DelayMaxUnits);
        if (FaultsEnabled && random.Chance(parameters.LongDelayProbability))
        {
            delayUnits += random.Next(parameters.LongDelayMaxUnits);
        }

        var sequence = nextSequence++;
        var due = nowUnits + delayUnits;
        if (!FaultsEnabled)
        {
            // Reordering is a fault too: a healed network is a set of FIFO links, as TCP connections are.
            due = Math.Max(due, lastDueUnits[message.From, message.To]);
        }

        lastDueUnits[message.From, message.To] = due;
        inFlight.Enqueue(new Envelope(message, senderIncarnation, due, sequence), (due, sequence));
    }
}
