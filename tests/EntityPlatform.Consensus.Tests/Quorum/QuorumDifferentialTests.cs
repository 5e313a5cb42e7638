using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tests.Quorum;

/// <summary>
/// The real quorum code against <see cref="QuorumReference"/> on thousands of random configurations.
/// A failure names the seed; rerun with it to reproduce the exact case.
/// </summary>
public sealed class QuorumDifferentialTests
{
    private const int Cases = 5000;

    [Fact]
    public void Majority_committed_index_matches_the_counting_reference()
    {
        ForEachSeed(random =>
        {
            var voters = RandomIds(random, maxCount: PickSize(random));
            var acked = RandomAcks(random, voters);
            var actual = new MajorityConfig(voters).CommittedIndex(new TestAcks(acked));
            var expected = QuorumReference.CommittedIndex([voters], acked);
            return (actual == expected, $"voters={Show(voters)} acked={Show(acked)} actual={actual} expected={expected}");
        });
    }

    [Fact]
    public void Joint_committed_index_matches_the_counting_reference()
    {
        ForEachSeed(random =>
        {
            var incoming = RandomIds(random, maxCount: PickSize(random));
            var outgoing = RandomIds(random, maxCount: PickSize(random));
            var acked = RandomAcks(random, [.. incoming, .. outgoing]);
            var joint = new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing));
            var actual = joint.CommittedIndex(new TestAcks(acked));
            var expected = QuorumReference.CommittedIndex([incoming, outgoing], acked);
            return (actual == expected, $"config={joint} acked={Show(acked)} actual={actual} expected={expected}");
        });
    }

    [Fact]
    public void Majority_vote_result_matches_trying_every_outcome()
    {
        ForEachSeed(random =>
        {
            var voters = RandomIds(random, maxCount: random.Next(0, 8));
            var votes = RandomVotes(random, voters);
            var config = new MajorityConfig(voters);
            var actual = config.GetVoteResult(votes);
            var expected = QuorumReference.VoteResult([voters], votes);
            var viaSource = config.GetVoteResult(new DictionaryVotes(votes));
            return (actual == expected && viaSource == expected,
                $"voters={Show(voters)} votes={Show(votes)} actual={actual} viaSource={viaSource} expected={expected}");
        });
    }

    [Fact]
    public void Joint_vote_result_matches_trying_every_outcome()
    {
        ForEachSeed(random =>
        {
            var incoming = RandomIds(random, maxCount: random.Next(0, 6));
            var outgoing = RandomIds(random, maxCount: random.Next(0, 6));
            var votes = RandomVotes(random, [.. incoming, .. outgoing]);
            var joint = new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing));
            var actual = joint.GetVoteResult(votes);
            var expected = QuorumReference.VoteResult([incoming, outgoing], votes);
            return (actual == expected, $"config={joint} votes={Show(votes)} actual={actual} expected={expected}");
        });
    }

    private static void ForEachSeed(Func<Random, (bool Ok, string Detail)> check)
    {
        for (var seed = 1; seed <= Cases; seed++)
        {
            var (ok, detail) = check(new Random(seed));
            Assert.True(ok, $"seed {seed}: {detail}");
        }
    }

    // Mostly realistic group sizes, sometimes large ones that take the pooled-buffer path.
    private static int PickSize(Random random) => random.Next(10) == 0 ? random.Next(30, 45) : random.Next(0, 8);

    private static ulong[] RandomIds(Random random, int maxCount)
    {
        // Draw from a small id space so that the two halves of a joint config often overlap.
        var space = Math.Max(10, maxCount * 2);
        return Enumerable.Range(0, maxCount).Select(_ => (ulong)random.Next(1, space)).Distinct().Order().ToArray();
    }

    private static Dictionary<ulong, ulong> RandomAcks(Random random, IEnumerable<ulong> voters)
    {
        // Small index ranges give many ties; some voters have no acknowledgement at all; some ids are
        // not voters, which must be ignored.
        var range = random.Next(2) == 0 ? 5 : 1_000_000;
        var acked = new Dictionary<ulong, ulong>();
        foreach (var id in voters.Append(99UL))
        {
            if (random.Next(4) != 0)
            {
                acked[id] = (ulong)random.Next(0, range);
            }
        }

        return acked;
    }

    private static Dictionary<ulong, bool> RandomVotes(Random random, IEnumerable<ulong> voters)
    {
        var votes = new Dictionary<ulong, bool>();
        foreach (var id in voters.Append(99UL))
        {
            var roll = random.Next(3);
            if (roll < 2)
            {
                votes[id] = roll == 0;
            }
        }

        return votes;
    }

    private static string Show(IEnumerable<ulong> ids) => "(" + string.Join(' ', ids) + ")";

    private static string Show<T>(Dictionary<ulong, T> map) =>
        "{" + string.Join(' ', map.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}:{pair.Value}")) + "}";

    private sealed class DictionaryVotes(Dictionary<ulong, bool> votes) : IVoteSource
    {
        public bool TryGetVote(ulong voterId, out bool granted) => votes.TryGetValue(voterId, out granted);
    }
}
