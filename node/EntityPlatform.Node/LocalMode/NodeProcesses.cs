using System.Diagnostics;

namespace EntityPlatform.Node.LocalMode;

/// <summary>Starts and stops node processes of this same binary, logging to files, independent of the caller.</summary>
public static class NodeProcesses
{
    /// <summary>A port on 127.0.0.1 for a node started later; see <see cref="LoopbackPorts"/> for why not port 0.</summary>
    public static int FreePort() => LoopbackPorts.Pick();

    /// <summary>Starts <c>run</c> for one node. The shell's exec makes the returned PID the node's own.</summary>
    public static int Start(ulong nodeId, string dataDirectory, string clusterFile, int grpcPort, int internalPort, int httpPort, string logFile,
        IReadOnlyList<string>? extraArguments = null)
    {
        var (program, prefix) = SelfCommand();
        return Start(program, prefix, nodeId, dataDirectory, clusterFile, grpcPort, internalPort, httpPort, logFile, extraArguments: extraArguments);
    }

    /// <summary>
    /// Starts a node from an explicit program (tests start the sample node's dll with dotnet).
    /// <paramref name="extraArguments"/> go after the others (<c>--tls-dir DIR</c> or <c>--insecure</c>).
    /// </summary>
    public static int Start(string program, IReadOnlyList<string> prefix, ulong nodeId, string dataDirectory, string clusterFile, int grpcPort, int internalPort, int httpPort,
        string logFile, bool rejoin = false, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? extraArguments = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$EP_NODE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(program);
        foreach (var argument in prefix.Concat(["run", "--node-id", nodeId.ToString(), "--data", dataDirectory, "--cluster", clusterFile,
            "--grpc-port", grpcPort.ToString(), "--internal-port", internalPort.ToString(), "--http-port", httpPort.ToString(), .. (rejoin ? new[] { "--rejoin" } : []), .. extraArguments ?? []]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["EP_NODE_LOG"] = logFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {nodeId}");
        return process.Id;
    }

    /// <summary>This binary as a command: the apphost itself, or <c>dotnet app.dll</c>.</summary>
    public static (string Program, string[] Prefix) SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet" && entry is not null
            ? (processPath, [entry])
            : (processPath, []);
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, returning only once the process is gone, so a caller can timestamp the fault exactly.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5_000);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Freezes a process (SIGSTOP) or resumes it (SIGCONT), to simulate a stalled node.</summary>
    public static void Pause(int pid) => Signal(pid, "STOP");

    public static void Resume(int pid) => Signal(pid, "CONT");

    /// <summary>SIGTERM (the node drains leaderships and stops), then SIGKILL if it outlives the grace period.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        if (!IsRunning(pid))
        {
            return;
        }

        Signal(pid, "TERM");
        var deadline = DateTime.UtcNow + grace;
        while (IsRunning(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        if (IsRunning(pid))
        {
            Kill(pid);
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false, RedirectStandardError = true });
        kill?.WaitForExit(5_000);
    }
}
