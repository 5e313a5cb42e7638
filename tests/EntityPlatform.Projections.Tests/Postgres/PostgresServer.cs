using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EntityPlatform.Projections.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL server: initdb in a temp folder, postgres on a free 127.0.0.1 port with its unix
/// socket in that folder and trust auth (only this machine's loopback reaches it), stopped by its PID in
/// <see cref="DisposeAsync"/>. The server refuses to run as root, so as root it runs as the `postgres` system
/// user (created by Debian's package) through setpriv, which execs: the PID we hold is the postmaster's.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan InitDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(20);
    private const int LogLinesMax = 60;

    private readonly DirectoryInfo root;
    private readonly Process process;
    private readonly Queue<string> log;

    private PostgresServer(DirectoryInfo root, Process process, Queue<string> log, int port)
    {
        this.root = root;
        this.process = process;
        this.log = log;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => process.Id;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=10;Command Timeout=60;Maximum Pool Size=20";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = PostgresBinaries.Directory();
        var root = Directory.CreateTempSubdirectory("ep-pg-");
        try
        {
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunToEndAsync("chown", ["-R", "postgres:postgres", root.FullName], TimeSpan.FromSeconds(20));
            }

            var data = Path.Combine(root.FullName, "data");
            await RunToEndAsync(Wrap(asRoot, Path.Combine(bin, "initdb")),
                [.. WrapArgs(asRoot, Path.Combine(bin, "initdb")), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
                InitDeadline);
            return await StartServerAsync(bin, root, data, asRoot);
        }
        catch
        {
            root.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Creates an empty database and a pooled data source for it.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync(string name)
    {
        await using (var admin = NpgsqlDataSource.Create(ConnectionString("postgres")))
        await using (var command = admin.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync();
        }

        return NpgsqlDataSource.Create(ConnectionString(name));
    }

    public string RecentLog()
    {
        lock (log)
        {
            return string.Join('\n', log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (!process.HasExited)
            {
                ProcessSignals.Send(process.Id, ProcessSignals.Interrupt);
                using var deadline = new CancellationTokenSource(StopDeadline);
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            process.Dispose();
            root.Delete(recursive: true);
        }
    }

    private static async Task<PostgresServer> StartServerAsync(string bin, DirectoryInfo root, string data, bool asRoot)
    {
        var port = FreeLoopbackPort();
        var server = Path.Combine(bin, "postgres");
        var info = new ProcessStartInfo(Wrap(asRoot, server))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. WrapArgs(asRoot, server), "-D", data, "-p", port.ToString(), "-k", root.FullName,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=100"])
        {
            info.ArgumentList.Add(argument);
        }

        var log = new Queue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {server}");
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var started = new PostgresServer(root, process, log, port);
        try
        {
            await started.WaitReadyAsync();
            return started;
        }
        catch
        {
            // The caller deletes the folder; here only the process is ours to stop.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            throw;
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        Exception? lastError = null;
        while (deadline.Elapsed < StartDeadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with {process.ExitCode} while starting:\n{RecentLog()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException error)
            {
                lastError = error;
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"postgres did not accept connections on port {Port} within {StartDeadline}: {lastError?.Message}\n{RecentLog()}");
    }

    private static string Wrap(bool asRoot, string program) => asRoot ? "setpriv" : program;

    private static string[] WrapArgs(bool asRoot, string program) =>
        asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program] : [];

    private static void Keep(Queue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line);
            while (log.Count > LogLinesMax)
            {
                log.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunToEndAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
