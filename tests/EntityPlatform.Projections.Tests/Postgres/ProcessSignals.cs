using System.Runtime.InteropServices;

namespace EntityPlatform.Projections.Tests.Postgres;

/// <summary>Sends a POSIX signal to one process id (Process.Kill only sends SIGKILL).</summary>
internal static partial class ProcessSignals
{
    /// <summary>SIGINT asks the postmaster for a "fast" shutdown: abort sessions, checkpoint, exit.</summary>
    public const int Interrupt = 2;

    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
