using System.Diagnostics;
using System.Text.RegularExpressions;
using EntityPlatform.Harness.Network;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// The CI slice of the partition faults: the harness itself, started as a process with --netns (it must be
/// the root-namespace parent that builds, re-executes into and removes the namespaces), runs our platform
/// under a short load with three partitions. Its exit code is 0 only with zero linearizability violations
/// and zero lost acknowledged writes. Afterwards none of its namespaces or its blackhole route may remain.
/// Bounded: the process is killed after four minutes, and finally removes anything a killed run left.
/// </summary>
public sealed partial class NetnsSliceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Platform_partition_slice_is_linearizable_loses_nothing_and_leaves_no_namespace_behind()
    {
        Assert.True(Environment.UserName == "root", "the netns slice needs root (ip netns add); CI runs as root");
        Assert.True(File.Exists("/usr/sbin/iptables") || File.Exists("/sbin/iptables"), "iptables is missing; run bash scripts/setup/netns-tools.sh");
        var images = Directory.CreateTempSubdirectory("ep-netns-slice-").FullName;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "EntityPlatform.Harness.dll"), "--netns", "--systems", "platform", "--seconds", "16",
            "--rate", "60", "--faults", "3", "--hold", "1.5", "--kinds", "IsolateLeader,DropLeaderOutbound,IsolateMinority", "--images", images,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(start)!;
        try
        {
            var output = harness.StandardOutput.ReadToEndAsync();
            var errors = harness.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Limit);
            await harness.WaitForExitAsync(timeout.Token);
            var text = await output + await errors;

            Assert.True(harness.ExitCode == 0, $"harness exit code {harness.ExitCode}:\n{text}");
            Assert.Equal(3, FaultLine().Matches(text).Count);
            Assert.Contains("linearizability Linearizable, lost writes 0", text);
            var subnet = Subnet().Match(text);
            Assert.True(subnet.Success, text);
            Assert.DoesNotContain(NetnsSetup.ListOwned(), owned => owned.Pid == harness.Id);
            Assert.DoesNotContain($"blackhole {subnet.Groups[1].Value}", RouteTable());
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
                await harness.WaitForExitAsync();
            }

            // A killed run cannot clean up after itself; its owner PID is gone now, so this removes its namespaces.
            NetnsSetup.CleanStale(TextWriter.Null);
            Directory.Delete(images, recursive: true);
        }
    }

    private static string RouteTable()
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", "route") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var table = ip.StandardOutput.ReadToEnd();
        ip.WaitForExit();
        return table;
    }

    [GeneratedRegex(@"\[EntityPlatform\] (IsolateLeader|DropLeaderOutbound|IsolateMinority) of member")]
    private static partial Regex FaultLine();

    [GeneratedRegex(@"netns: subnet (10\.213\.\d+\.0/24)")]
    private static partial Regex Subnet();
}
