using System.Runtime.CompilerServices;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Tests.Fakes;

/// <summary>
/// A fake subscription with the faults of a real one across node failures, drawn from a seed:
/// - a subscription starts up to <see cref="MaxRewind"/> offsets BEFORE the asked resume point (the new
///   replica resends what the old one had already sent);
/// - inside a stream a shard jumps back now and then (the SDK switched replicas) and single events repeat;
/// - shards interleave at random;
/// - the first <see cref="Failures"/> subscriptions die after a random number of events ("node killed");
/// - optionally one subscription skips an offset (<see cref="SkipOnce"/>), which the host must refuse.
/// It records every subscription's resume point and counts the events it handed out (repeats included).
/// </summary>
public sealed class FlakyEventSource(AccountEventLog log, int seed)
{
    private readonly object gate = new();
    private int subscriptions;
    private long delivered;

    public int Failures { get; init; }

    public int MaxRewind { get; init; } = 20;

    public double RepeatChance { get; init; } = 0.05;

    public double JumpBackChance { get; init; } = 0.01;

    /// <summary>When set, the first subscription that reaches (shard, offset) skips it.</summary>
    public (uint Shard, ulong Offset)? SkipOnce { get; set; }

    public List<IReadOnlyDictionary<uint, ulong>> ResumePoints { get; } = [];

    public long Delivered => Interlocked.Read(ref delivered);

    public async IAsyncEnumerable<CommittedEvent> SubscribeAsync(IReadOnlyDictionary<uint, ulong> resumeFrom,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int number;
        lock (gate)
        {
            number = subscriptions++;
            ResumePoints.Add(new Dictionary<uint, ulong>(resumeFrom));
        }

        var random = new Random(seed * 7919 + number);
        var next = log.Shards.Keys.ToDictionary(shard => shard, shard =>
            (ulong)Math.Max(1L, (long)resumeFrom.GetValueOrDefault(shard, 1UL) - random.Next(MaxRewind + 1)));
        var failAfter = number < Failures ? random.Next(1, Math.Max(2, log.Count / 2)) : int.MaxValue;
        var sent = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var open = next.Where(pair => pair.Value <= (ulong)log.Shards[pair.Key].Count).Select(pair => pair.Key).ToList();
            if (open.Count == 0)
            {
                yield break;
            }

            var shard = open[random.Next(open.Count)];
            var offset = next[shard];
            if (SkipOnce is { } skip && skip.Shard == shard && skip.Offset == offset)
            {
                SkipOnce = null;
                offset++;
                if (offset > (ulong)log.Shards[shard].Count)
                {
                    next[shard] = offset;
                    continue;
                }
            }

            yield return log.Shards[shard][(int)offset - 1];
            Interlocked.Increment(ref delivered);
            if (random.NextDouble() < RepeatChance)
            {
                yield return log.Shards[shard][(int)offset - 1];
                Interlocked.Increment(ref delivered);
            }

            next[shard] = random.NextDouble() < JumpBackChance ? (ulong)Math.Max(1L, (long)offset - random.Next(1, 10)) : offset + 1;
            if (++sent >= failAfter)
            {
                throw new IOException($"subscription {number}: node killed after {sent} events");
            }

            if (sent % 64 == 0)
            {
                await Task.Yield();
            }
        }
    }
}
