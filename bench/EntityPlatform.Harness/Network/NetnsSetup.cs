using System.Text.RegularExpressions;

namespace EntityPlatform.Harness.Network;

/// <summary>
/// Builds and removes a <see cref="NetnsTopology"/> from the root namespace. Order matters for the safety
/// rule: the blackhole route for the subnet goes in before any namespace exists and comes out after the
/// last one is gone, so at no moment can a packet for a test address be routed off the machine.
/// </summary>
public static partial class NetnsSetup
{
    /// <summary>Octets tried for the subnet, starting at a PID-derived one so concurrent runs rarely collide.</summary>
    private const int OctetAttempts = 50;

    public static NetnsTopology Create(int memberCount)
    {
        if (memberCount is < 1 or > NetnsTopology.MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(memberCount), memberCount, $"--netns supports 1 to {NetnsTopology.MaxMembers} members");
        }

        var pid = Environment.ProcessId;
        for (var attempt = 0; attempt < OctetAttempts; attempt++)
        {
            var topology = new NetnsTopology(pid, 20 + (pid + attempt) % 200, memberCount);
            // "ip route add" fails when the subnet is already routed (another run owns it): try the next one.
            if (Command.TryRun("ip", "route", "add", "blackhole", topology.Subnet).ExitCode != 0)
            {
                continue;
            }

            try
            {
                Build(topology);
                return topology;
            }
            catch
            {
                Teardown(topology);
                throw;
            }
        }

        throw new InvalidOperationException($"no free 10.213.x.0/24 subnet after {OctetAttempts} tries");
    }

    private static void Build(NetnsTopology topology)
    {
        foreach (var name in topology.AllNamespaces)
        {
            Command.Run("ip", "netns", "add", name);
            Command.Run("ip", "-n", name, "link", "set", "lo", "up");
        }

        Command.Run("ip", "-n", topology.Hub, "link", "add", "br0", "type", "bridge");
        Command.Run("ip", "-n", topology.Hub, "link", "set", "br0", "up");
        Attach(topology, NetnsTopology.ClientTag, topology.ClientAddress);
        for (var member = 1; member <= topology.MemberCount; member++)
        {
            Attach(topology, NetnsTopology.MemberTag(member), topology.MemberAddress(member));
        }
    }

    /// <summary>A veth pair created inside the hub (never in the root namespace): hub end on br0, other end eth0 in the tag's namespace.</summary>
    private static void Attach(NetnsTopology topology, string tag, string address)
    {
        var link = NetnsTopology.HubLink(tag);
        Command.Run("ip", "-n", topology.Hub, "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", topology.Name(tag));
        Command.Run("ip", "-n", topology.Hub, "link", "set", link, "master", "br0", "up");
        Command.Run("ip", "-n", topology.Name(tag), "addr", "add", $"{address}/24", "dev", "eth0");
        Command.Run("ip", "-n", topology.Name(tag), "link", "set", "eth0", "up");
    }

    /// <summary>Kills (by PID) whatever still runs in the namespaces, deletes them, then the route. Never throws.</summary>
    public static void Teardown(NetnsTopology topology)
    {
        foreach (var name in topology.AllNamespaces)
        {
            KillProcessesIn(name);
        }

        foreach (var name in topology.AllNamespaces)
        {
            Command.TryRun("ip", "netns", "delete", name);
        }

        Command.TryRun("ip", "route", "del", "blackhole", topology.Subnet);
    }

    /// <summary>Removes the namespaces (and their routes) of runs whose owner process is gone: a crashed or killed run.</summary>
    public static int CleanStale(TextWriter log)
    {
        var stale = ListOwned().Where(owned => !IsAlive(owned.Pid)).ToList();
        foreach (var (pid, octet, name) in stale)
        {
            KillProcessesIn(name);
            Command.TryRun("ip", "netns", "delete", name);
            log.WriteLine($"removed stale namespace {name} (owner {pid} is gone)");
        }

        foreach (var octet in stale.Select(owned => owned.Octet).Distinct())
        {
            Command.TryRun("ip", "route", "del", "blackhole", $"10.213.{octet}.0/24");
        }

        return stale.Count;
    }

    /// <summary>Namespaces named by any run of this harness, live or not.</summary>
    public static IReadOnlyList<(int Pid, int Octet, string Name)> ListOwned()
    {
        var listing = Command.Run("ip", "netns", "list");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => OwnedName().Match(line.Trim()))
            .Where(match => match.Success)
            .Select(match => (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), match.Groups[0].Value))
            .ToList();
    }

    private static void KillProcessesIn(string name)
    {
        var (exitCode, output, _) = Command.TryRun("ip", "netns", "pids", name);
        if (exitCode != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line.Trim(), out var pid) && pid != Environment.ProcessId)
            {
                Command.TryRun("kill", "-CONT", pid.ToString());
                Command.TryRun("kill", "-KILL", pid.ToString());
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    [GeneratedRegex(@"^ep-h-(\d+)-(\d+)-[a-z0-9]+")]
    private static partial Regex OwnedName();
}
