using EntityPlatform.Grpc.Metadata;

namespace EntityPlatform.Grpc.Tests.Units;

public sealed class MetadataTests
{
    [Theory]
    [InlineData("grpc-status")]
    [InlineData("content-type")]
    [InlineData("te")]
    [InlineData(":path")]
    [InlineData("bad key")]
    public void Protocol_headers_and_invalid_keys_are_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => new GrpcMetadata().Add(key, "v"));
    }

    [Fact]
    public void Keys_are_lower_cased_and_binary_values_round_trip()
    {
        var metadata = new GrpcMetadata().Add("X-Trace", "abc").Add("X-Id-Bin", new byte[] { 0, 1, 2, 255 });

        Assert.Equal("abc", metadata.Get("x-trace"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, metadata.GetBytes("x-id-bin"));
    }

    [Fact]
    public void Text_values_must_be_printable_ascii_and_bin_keys_take_bytes()
    {
        Assert.Throws<ArgumentException>(() => new GrpcMetadata().Add("x-a", "ü"));
        Assert.Throws<ArgumentException>(() => new GrpcMetadata().Add("x-a-bin", "text"));
        Assert.Throws<ArgumentException>(() => new GrpcMetadata().Add("x-a", new byte[] { 1 }));
    }

    [Fact]
    public void Unpadded_base64_from_peers_decodes()
    {
        Assert.Equal(new byte[] { 1, 2 }, MetadataKeys.DecodeBase64("AQI"));
    }
}
