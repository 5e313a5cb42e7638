using System.Net.Sockets;
using EntityPlatform.Contracts.Wire;
using Grpc.Net.Client;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>
/// A real etcd (Debian's etcd-server: a Go gRPC server we did not write) on free 127.0.0.1 ports with a
/// temporary data directory. Killed by PID and the directory deleted afterwards.
/// </summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ep-grpc-etcd-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _process;

    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var etcd = ExternalTools.Require("etcd");
        var clientPort = FreePort.Pick();
        var peerPort = FreePort.Pick();
        _process = ChildProcess.Start(etcd,
        [
            "--name", "ep-test",
            "--data-dir", _dataDirectory,
            "--listen-client-urls", $"http://127.0.0.1:{clientPort}",
            "--advertise-client-urls", $"http://127.0.0.1:{clientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"ep-test=http://127.0.0.1:{peerPort}",
        ]);
        await WaitUntilListeningAsync(clientPort, TimeSpan.FromSeconds(30));
        Channel = Channels.Create(new Uri($"http://127.0.0.1:{clientPort}"));
    }

    public Task DisposeAsync()
    {
        Channel?.Dispose();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return Task.CompletedTask;
    }

    private async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new TimeoutException($"etcd did not listen on {port} within {timeout}. Output:\n{_process!.Output}");
            }
        }
    }
}
