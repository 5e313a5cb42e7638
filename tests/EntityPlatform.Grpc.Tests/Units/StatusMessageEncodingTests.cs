using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Grpc.Tests.Units;

public sealed class StatusMessageEncodingTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("a\nb\tc", "a%0Ab%09c")]
    [InlineData("~ and \u007f", "~ and %7F")]
    public void Encodes_only_non_printable_bytes_and_percent(string message, string wire)
    {
        Assert.Equal(wire, StatusMessageEncoding.Encode(message));
        Assert.Equal(message, StatusMessageEncoding.Decode(wire));
    }

    [Theory]
    [InlineData("%zz", "%zz")]
    [InlineData("50%", "50%")]
    [InlineData("%4", "%4")]
    public void Malformed_escapes_are_kept_literally(string wire, string message)
    {
        Assert.Equal(message, StatusMessageEncoding.Decode(wire));
    }

    [Fact]
    public void Random_strings_round_trip()
    {
        // Seeded so a failure reproduces; lone surrogates excluded (they are not valid UTF-8 text).
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(0x20, 0x7F) : (char)random.Next(0, 0xD7FF);
            }
            var text = new string(chars);
            var wire = StatusMessageEncoding.Encode(text);

            Assert.All(wire, c => Assert.InRange(c, (char)0x20, (char)0x7E));
            Assert.Equal(text, StatusMessageEncoding.Decode(wire));
        }
    }
}
