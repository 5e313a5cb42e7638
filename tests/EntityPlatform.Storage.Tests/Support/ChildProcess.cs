using System.Collections.Concurrent;
using System.Diagnostics;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// The crash child, started with `dotnet` from the build output of its project (built by the test
/// project's ProjectReference in the same configuration). Stdout lines are collected as they arrive.
/// Always killed by its own PID on dispose.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const string DllName = "EntityPlatform.Storage.CrashChild.dll";
    private readonly Process process;

    public ChildProcess(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{LocateDll()}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Errors.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<string> Errors { get; } = new();
    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL on Linux: no finally blocks, no flushes; the page cache keeps what was written.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(10_000);
        process.WaitForExit(); // drains the redirected output
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Next to the tests (copied by the ProjectReference), else in the child's own bin folder.</summary>
    public static string LocateDll()
    {
        var here = AppContext.BaseDirectory;
        var local = Path.Combine(here, DllName);
        if (File.Exists(local) && File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json")))
        {
            return local;
        }

        // tests/EntityPlatform.Storage.Tests/bin/<Configuration>/<tfm>/ -> tests/EntityPlatform.Storage.CrashChild/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var sibling = Path.Combine(tests.FullName, "EntityPlatform.Storage.CrashChild", "bin", configuration.Name, tfm.Name, DllName);
        if (!File.Exists(sibling))
        {
            throw new FileNotFoundException($"crash child not built: looked for {local} and {sibling}");
        }

        return sibling;
    }
}
