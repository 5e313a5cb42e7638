using System.Net;
using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.Tests.Hosting;

/// <summary>The node's <c>run</c> options: --bind defaults to loopback, takes any IP, and names itself when wrong.</summary>
public sealed class NodeOptionsTests
{
    private static readonly string[] Required = ["--node-id", "2", "--data", "/tmp/d", "--cluster", "/tmp/c.json", "--grpc-port", "7001", "--internal-port", "7501", "--http-port", "8001"];

    [Fact]
    public void Bind_defaults_to_loopback()
    {
        Assert.Equal(IPAddress.Loopback, NodeOptions.Parse(Required).BindAddress);
    }

    [Theory]
    [InlineData("10.213.7.2")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    public void Bind_takes_an_ip_address(string text)
    {
        var options = NodeOptions.Parse([.. Required, "--bind", text]);

        Assert.Equal(IPAddress.Parse(text), options.BindAddress);
        Assert.Equal(7001, options.GrpcPort);
        Assert.Equal(7501, options.InternalPort);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("10.213.7")]
    [InlineData("10.213.7.300")]
    [InlineData("")]
    public void A_bad_bind_value_is_an_error_naming_the_option(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeOptions.Parse([.. Required, "--bind", text]));

        Assert.Contains("--bind", error.Message);
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Auto_rejoin_and_rejoin_are_separate_flags()
    {
        var auto = NodeOptions.Parse([.. Required, "--auto-rejoin"]);
        var forced = NodeOptions.Parse([.. Required, "--rejoin"]);

        Assert.True(auto.AutoRejoin);
        Assert.False(auto.Rejoin);
        Assert.True(forced.Rejoin);
        Assert.False(forced.AutoRejoin);
    }

    [Theory]
    [InlineData("counter-0", 1UL)]
    [InlineData("my-counter-12", 13UL)]
    public void The_node_id_can_come_from_a_StatefulSet_pods_hostname_without_a_shell(string hostname, ulong nodeId)
    {
        string[] withoutId = ["--node-id-from-hostname", .. Required.Skip(2)];
        var options = NodeOptions.Parse(withoutId, name => name == "HOSTNAME" ? hostname : null);

        Assert.Equal(nodeId, options.NodeId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("counter")]
    [InlineData("counter-")]
    [InlineData("counter-x")]
    [InlineData("counter-+1")]
    [InlineData("-1")]
    public void A_hostname_without_an_ordinal_is_an_error_naming_the_option_and_the_value(string? hostname)
    {
        string[] withoutId = ["--node-id-from-hostname", .. Required.Skip(2)];
        var error = Assert.Throws<ArgumentException>(() => NodeOptions.Parse(withoutId, _ => hostname));

        Assert.Contains("--node-id-from-hostname", error.Message, StringComparison.Ordinal);
        Assert.Contains($"HOSTNAME is '{hostname}'", error.Message, StringComparison.Ordinal);
    }
}
