using EntityPlatform.Node.Api;
using EntityPlatform.Node.Shards;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Tests.Shards;

public sealed class RequestLimitsTests
{
    [Fact]
    public void The_largest_allowed_payload_as_one_event_fits_in_one_log_entry_with_the_largest_framing()
    {
        var limits = new RequestLimits();
        var maxEntryBytes = new LogEngineOptions().MaxEntryBytes;

        Assert.True(limits.FitInEntriesOf(maxEntryBytes), $"payload {limits.MaxPayloadBytes} + framing {ShardEntryCodec.MaxFramingBytes} > entry {maxEntryBytes}");
        // The limit the proto promised before (exactly 1 MiB) did not fit: the reproduced poison command.
        Assert.False((limits with { MaxPayloadBytes = 1 << 20 }).FitInEntriesOf(maxEntryBytes));
    }

    [Fact]
    public void The_entity_id_limit_is_the_log_entry_string_limit()
    {
        // The limit lives in the contract assembly (WireLimits) and the codec is the node's; they must agree.
        Assert.Equal(ShardEntryCodec.MaxStringBytes, new RequestLimits().MaxEntityIdBytes);
    }

    [Fact]
    public void Framing_bound_covers_an_encoded_entry_with_both_strings_at_their_limits()
    {
        var entry = new ShardEntry(ShardEntryKind.Accepted, new string('t', ShardEntryCodec.MaxStringBytes), new string('i', ShardEntryCodec.MaxStringBytes),
            Guid.CreateVersion7(), 7, [new byte[100]], null);

        Assert.Equal(100 + ShardEntryCodec.MaxFramingBytes, ShardEntryCodec.Encode(entry).Length);
    }
}
