using System.Diagnostics;
using System.Runtime.InteropServices;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Harness.Network;

/// <summary>
/// The root-namespace half of <c>--netns</c>. The safety rule allows traffic to namespace addresses only
/// from inside a namespace the test made, so this process never talks to the cluster: it builds the
/// topology, re-executes the harness under <c>ip netns exec &lt;client namespace&gt;</c> with
/// <c>--netns-child</c>, waits, and in finally (also on SIGINT/SIGTERM) kills what is left by PID and
/// removes every namespace and the blackhole route.
/// </summary>
public static class NetnsParent
{
    public static int Run(IReadOnlyList<string> args, int memberCount, TimeSpan limit, TextWriter log)
    {
        if (Environment.UserName != "root")
        {
            throw new ArgumentException("--netns needs root (ip netns add, ip route add blackhole)");
        }

        NetnsSetup.CleanStale(log);
        var topology = NetnsSetup.Create(memberCount);
        Process? child = null;
        using var interrupted = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // Keep running long enough to tear down: finally below does the cleanup.
            context.Cancel = true;
            interrupted.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            log.WriteLine($"netns: subnet {topology.Subnet}, client {topology.Client} ({topology.ClientAddress}), members {string.Join(", ", Enumerable.Range(1, memberCount).Select(topology.MemberAddress))}");
            child = StartChild(args, topology);
            var deadline = DateTime.UtcNow + limit;
            while (!child.WaitForExit(200))
            {
                if (interrupted.IsCancellationRequested || DateTime.UtcNow > deadline)
                {
                    log.WriteLine(interrupted.IsCancellationRequested ? "netns: interrupted; stopping the run" : $"netns: the run passed its {limit} limit; stopping it");
                    return 2;
                }
            }

            return child.ExitCode;
        }
        finally
        {
            if (child is not null && !child.HasExited)
            {
                child.Kill();
            }

            child?.Dispose();
            NetnsSetup.Teardown(topology);
            log.WriteLine($"netns: removed {string.Join(", ", topology.AllNamespaces)} and the blackhole route {topology.Subnet}");
        }
    }

    private static Process StartChild(IReadOnlyList<string> args, NetnsTopology topology)
    {
        var (program, prefix) = NodeProcesses.SelfCommand();
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", topology.Client, program }.Concat(prefix)
            .Concat(WithoutNetns(args)).Concat(["--netns-child", topology.ToString()]))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the harness inside the client namespace");
    }

    private static IEnumerable<string> WithoutNetns(IReadOnlyList<string> args) => args.Where(arg => arg != "--netns");
}
