using EntityPlatform.Grpc.Framing;

namespace EntityPlatform.Grpc.Tests.Units;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("3S", 3_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("99999999m", 99_999_999)]
    public void Parses_every_unit(string text, double milliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(text, out var timeout));
        Assert.Equal(milliseconds, timeout.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    public void Rejects_what_the_spec_does_not_allow(string text)
    {
        Assert.False(GrpcTimeout.TryParse(text, out _));
    }

    [Fact]
    public void Format_uses_at_most_eight_digits_and_never_shortens_the_timeout()
    {
        foreach (var timeout in new[] { TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(150), TimeSpan.FromDays(400), TimeSpan.FromDays(100_000) })
        {
            var text = GrpcTimeout.Format(timeout);

            Assert.InRange(text.Length, 2, 9);
            Assert.True(GrpcTimeout.TryParse(text, out var parsed));
            Assert.True(parsed >= timeout || timeout > TimeSpan.FromHours(99_999_999), $"{timeout} became {text}");
        }
    }

    [Fact]
    public void Format_rejects_a_non_positive_timeout()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpcTimeout.Format(TimeSpan.Zero));
    }
}
