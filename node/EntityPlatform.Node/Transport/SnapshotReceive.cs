using System.Globalization;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The receiving side's chunk sink for one InstallSnapshot call; the wire code feeds it and does nothing
/// else: <see cref="SnapshotAssembler.BeginReceive"/> (checks the declaration, takes a transfer slot),
/// <see cref="Append"/> per chunk, <see cref="Complete"/> after the last, and Dispose in every case
/// (releases the slot, deletes a partial file). Every refusal is a <see cref="SnapshotRefusedException"/>.
/// <see cref="IdleToken"/> is cancelled when no chunk came for SnapshotAssemblerOptions.IdleTimeout, by
/// the injected clock: link it into the wait for the next chunk, then call <see cref="ThrowIdle"/>.
/// </summary>
public sealed class SnapshotReceive : IDisposable
{
    private readonly SnapshotAssembler _assembler;
    private readonly ulong _localNodeId;
    private readonly long _lengthBytes;
    private readonly uint _crc;
    private readonly CancellationTokenSource _idle = new();
    private readonly ITimer _idleCheck;
    private readonly Lock _activity = new();
    private DateTimeOffset _lastActivity;
    private SnapshotTransfer? _transfer;
    private bool _disposed;

    internal SnapshotReceive(SnapshotAssembler assembler, ulong localNodeId, long lengthBytes, uint crc)
    {
        _assembler = assembler;
        _localNodeId = localNodeId;
        _lengthBytes = lengthBytes;
        _crc = crc;
        var options = assembler.Options;
        _lastActivity = options.TimeProvider.GetUtcNow();
        _idleCheck = options.TimeProvider.CreateTimer(_ => CheckIdle(), null, options.IdleCheckInterval, options.IdleCheckInterval);
    }

    /// <summary>Cancelled once the transfer has been idle for the idle timeout.</summary>
    public CancellationToken IdleToken => _idle.Token;

    /// <summary>Which snapshot from which node, once the first chunk named it.</summary>
    public SnapshotKey? Key => _transfer?.Key;

    /// <summary>The sending node, once the first chunk named it (0 before).</summary>
    public ulong FromNode => _transfer?.Key.FromNode ?? 0;

    /// <summary>Parses the declared length and CRC-32C (request metadata, decimal ASCII) against the limits.</summary>
    public static (long LengthBytes, uint Crc) ParseDeclaration(string? length, string? crc, long maxSnapshotBytes)
    {
        if (!long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var lengthBytes))
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, $"request metadata {SnapshotHeaders.Length} is missing or not a decimal byte count", 0);
        }

        if (lengthBytes > maxSnapshotBytes)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.ResourceExhausted, $"{SnapshotHeaders.Length} is {lengthBytes}; this node accepts snapshots of at most {maxSnapshotBytes} bytes", 0);
        }

        if (!uint.TryParse(crc, NumberStyles.None, CultureInfo.InvariantCulture, out var crcValue))
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, $"request metadata {SnapshotHeaders.Crc32C} is missing or not a decimal 32-bit number", 0);
        }

        return (lengthBytes, crcValue);
    }

    /// <summary>Takes the next chunk: the first one opens the staging file after checking the addressing.</summary>
    public void Append(SnapshotChunk chunk)
    {
        Touch();
        if (_transfer is null)
        {
            _transfer = _assembler.OpenTransfer(chunk, _localNodeId, _lengthBytes, _crc);
            return;
        }

        if (_transfer.Append(chunk) is { } error)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, error, chunk.From);
        }
    }

    /// <summary>After the stream ended: verifies length and CRC-32C, seals the file and stages it for its MSG_SNAP.</summary>
    public InstallSnapshotReply Complete()
    {
        if (_transfer is not { Complete: true } transfer)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.InvalidArgument, "InstallSnapshot ended before a SnapshotChunk with last = true", FromNode);
        }

        if (transfer.Verify() is { } mismatch)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.DataLoss, mismatch, transfer.Key.FromNode);
        }

        transfer.Persist();
        _assembler.Stage(transfer.Key, transfer.LengthBytes);
        return new InstallSnapshotReply { BytesReceived = (ulong)transfer.ReceivedBytes, Installed = true };
    }

    /// <summary>The refusal for a transfer that went idle (call when <see cref="IdleToken"/> ended the wait).</summary>
    public SnapshotRefusedException Idle() => new(SnapshotRefusal.DeadlineExceeded,
        $"no SnapshotChunk for {_assembler.Options.IdleTimeout.TotalSeconds:0.###} s after {_transfer?.ReceivedBytes ?? 0} bytes; the transfer was dropped", FromNode);

    /// <summary>Checks the injected clock now (the timer does it every IdleCheckInterval); tests call it directly.</summary>
    public void CheckIdle()
    {
        lock (_activity)
        {
            if (!_disposed && _assembler.Options.TimeProvider.GetUtcNow() - _lastActivity >= _assembler.Options.IdleTimeout)
            {
                _idle.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_activity)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _idleCheck.Dispose();
        _transfer?.Dispose();
        _assembler.EndTransfer(_transfer is { Persisted: false } ? _transfer.Key : null);
        _idle.Dispose();
    }

    private void Touch()
    {
        lock (_activity)
        {
            _lastActivity = _assembler.Options.TimeProvider.GetUtcNow();
        }
    }
}
