using System.Diagnostics;

namespace EntityPlatform.Harness.Systems;

/// <summary>POSIX signals to one PID; the harness only ever signals processes it started itself.</summary>
internal static class Signals
{
    public static void Send(int pid, string signal)
    {
        if (pid <= 0)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false, RedirectStandardError = true });
        kill?.WaitForExit(5_000);
    }
}
