using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Transport;

public sealed class PeerDirectoryTests
{
    [Fact]
    public void Set_replace_and_remove_report_changes_of_known_nodes_only()
    {
        var directory = new PeerDirectory();
        var changed = new List<ulong>();
        directory.Changed += changed.Add;

        directory.Set(1, new Uri("http://127.0.0.1:5001"));
        directory.Set(1, new Uri("http://127.0.0.1:5001"));
        directory.Set(1, new Uri("http://127.0.0.1:5002"));
        directory.Remove(1);
        directory.Remove(1);

        Assert.Equal([1UL, 1UL], changed);
        Assert.False(directory.TryGet(1, out _));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("/relative")]
    public void Endpoints_must_be_absolute_http_addresses(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => new PeerDirectory().Set(3, new Uri(endpoint, UriKind.RelativeOrAbsolute)));
        Assert.Contains("node 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeerDirectory().Set(0, new Uri("http://127.0.0.1:1")));
    }

    [Fact]
    public async Task Concurrent_updates_and_reads_are_safe()
    {
        var directory = new PeerDirectory();
        var writers = Enumerable.Range(1, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                var node = (ulong)(i % 16) + 1;
                directory.Set(node, new Uri($"http://127.0.0.1:{5000 + worker}"));
                directory.TryGet(node, out _);
            }
        }));

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(16, directory.Count);
    }
}
