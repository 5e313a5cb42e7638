using System.Net;
using System.Net.Sockets;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Tests.LocalMode;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Picked_ports_are_distinct_bindable_and_below_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Pick()).ToArray();

        Assert.Equal(ports.Length, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10_000, 32_767));
        foreach (var port in ports.Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
