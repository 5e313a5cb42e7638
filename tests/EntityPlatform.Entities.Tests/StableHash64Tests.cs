using System.Text;
using EntityPlatform.Entities.Routing;

namespace EntityPlatform.Entities.Tests;

public sealed class StableHash64Tests
{
    // Published XXH64 (seed 0) vectors: if these change, every entity moves to another shard.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x0B242D361FDA71BCUL)]
    public void Hash_matches_the_published_xxh64_vectors(string input, ulong expected)
    {
        Assert.Equal(expected, StableHash64.Hash(Encoding.UTF8.GetBytes(input)));
        Assert.Equal(expected, StableHash64.Hash(input));
    }

    [Fact]
    public void Shard_is_hash_modulo_shard_count_and_stable_for_fixed_ids()
    {
        // Pinned routing examples for client authors in other languages (docs/entities.md repeats them).
        Assert.Equal((int)(StableHash64.Hash("acct-42") % 64), StableHash64.ShardOf("acct-42", 64));
        Assert.Equal(StableHash64.ShardOf("acct-42", 64), StableHash64.ShardOf("acct-42", 64));
    }

    [Fact]
    public void Shards_are_spread_evenly_over_many_ids()
    {
        const int shards = 16;
        var counts = new int[shards];
        for (var i = 0; i < 160_000; i++)
        {
            counts[StableHash64.ShardOf($"entity-{i}", shards)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void Shard_count_below_one_is_rejected_with_the_parameter_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StableHash64.ShardOf("x", 0));
        Assert.Equal("shardCount", error.ParamName);
    }

    [Fact]
    public void Long_non_ascii_ids_hash_their_utf8_bytes()
    {
        var id = new string('é', 600);
        Assert.Equal(StableHash64.Hash(Encoding.UTF8.GetBytes(id)), StableHash64.Hash(id));
    }
}
