namespace EntityPlatform.Harness.Network;

/// <summary>
/// Partitions inside a <see cref="NetnsTopology"/>, run from the client namespace (ip -n and ip netns exec
/// reach the test's own namespaces by name). Isolating detaches the member's veth from the bridge, so its
/// packets vanish silently, as on a real partition: no carrier loss, no reset, no ICMP. One-way drops use
/// iptables inside the member's namespace (scripts/setup/netns-tools.sh installs it). Over TCP a one-way
/// drop also stalls the other direction once acknowledgements stop arriving, so it differs from isolation
/// mainly in what the member still receives (inbound drop: nothing; outbound drop: requests, but its
/// answers and heartbeats are lost).
/// </summary>
public sealed class NetworkFaults(NetnsTopology topology)
{
    public void Isolate(int member) =>
        Command.Run("ip", "-n", topology.Hub, "link", "set", NetnsTopology.HubLink(NetnsTopology.MemberTag(member)), "nomaster");

    public void Reconnect(int member) =>
        Command.Run("ip", "-n", topology.Hub, "link", "set", NetnsTopology.HubLink(NetnsTopology.MemberTag(member)), "master", "br0");

    /// <summary>Drops every packet from the subnet arriving at <paramref name="member"/>; loopback is untouched.</summary>
    public void DropInbound(int member) => Iptables(member, "-A", "INPUT", "-s", topology.Subnet, "-j", "DROP");

    /// <summary>Drops every packet <paramref name="member"/> sends to the subnet.</summary>
    public void DropOutbound(int member) => Iptables(member, "-A", "OUTPUT", "-d", topology.Subnet, "-j", "DROP");

    /// <summary>Removes the drop rules again (the namespaces start with empty tables, so flushing removes only ours).</summary>
    public void ClearDrops(int member)
    {
        Iptables(member, "-F", "INPUT");
        Iptables(member, "-F", "OUTPUT");
    }

    private void Iptables(int member, params string[] rule) =>
        Command.Run("ip", ["netns", "exec", topology.MemberNamespace(member), "iptables", "-w", "5", .. rule]);
}
