using System.Text;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Tests.Shards;

public sealed class ShardEntryCodecTests
{
    private static readonly ShardEntry Sample = new(
        ShardEntryKind.Accepted, "accounts", "acct-42", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 7,
        [Encoding.UTF8.GetBytes("""{"type":"deposited","amount":5}""")], null);

    [Fact]
    public void Entry_round_trips_through_its_byte_form()
    {
        var decoded = ShardEntryCodec.Decode(ShardEntryCodec.Encode(Sample));
        Assert.Equal(Sample.EntityId, decoded.EntityId);
        Assert.Equal(Sample.SessionId, decoded.SessionId);
        Assert.Equal(Sample.RequestId, decoded.RequestId);
        Assert.Equal(Sample.Events[0], decoded.Events[0]);
        Assert.Null(decoded.Rejection);
    }

    [Fact]
    public void Rejection_round_trips_with_its_reason()
    {
        var rejected = Sample with { Kind = ShardEntryKind.Rejected, Events = [], Rejection = "insufficient funds" };
        Assert.Equal("insufficient funds", ShardEntryCodec.Decode(ShardEntryCodec.Encode(rejected)).Rejection);
    }

    [Fact]
    public void Every_truncation_is_detected_with_the_field_named()
    {
        var bytes = ShardEntryCodec.Encode(Sample);
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<FormatException>(() => ShardEntryCodec.Decode(bytes.AsSpan(0, length)));
            Assert.Contains("needs", error.Message);
        }
    }

    [Fact]
    public void Trailing_garbage_and_unknown_versions_are_rejected()
    {
        var bytes = ShardEntryCodec.Encode(Sample);
        Assert.Contains("unexpected bytes", Assert.Throws<FormatException>(() => ShardEntryCodec.Decode([.. bytes, 0])).Message);
        bytes[0] = 9;
        Assert.Contains("version is 9", Assert.Throws<FormatException>(() => ShardEntryCodec.Decode(bytes)).Message);
    }
}
