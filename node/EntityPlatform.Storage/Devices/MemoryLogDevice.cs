namespace EntityPlatform.Storage.Devices;

/// <summary>
/// A deterministic in-memory <see cref="ILogDevice"/> that can fail like a disk. Fault model: a commit is
/// the only durability point; <see cref="Crash"/> loses what was appended after it, or keeps part of it
/// (the disk wrote some pages before the process died) with the last kept device record (chunk) torn to a prefix;
/// <see cref="FlipBit"/> damages a durable record, and <see cref="CapacityBytes"/> makes appends fail as a full
/// disk does (ENOSPC) once the held records would exceed it. Every choice comes from the seed, so a failing test
/// reproduces from the seed it prints. Addresses are byte offsets, as in a file.
/// </summary>
public sealed class MemoryLogDevice(int seed, int maxRecordBytes = 1 << 20) : ILogDevice
{
    private readonly Random random = new(seed);
    private readonly List<(long Address, byte[] Bytes)> records = [];
    private int durableCount;
    private long durableBegin;
    private long pendingBegin;
    private long durableTail;
    private byte[] durableCookie = [];

    public long BeginAddress => pendingBegin;
    public long TailAddress { get; private set; }
    public ReadOnlyMemory<byte> RecoveredCookie => durableCookie;
    public int MaxRecordBytes => maxRecordBytes;

    /// <summary>Commits so far; tests use it to crash at chosen points.</summary>
    public int CommitCount { get; private set; }

    /// <summary>
    /// The "disk size": an append that would make the held records (from the oldest one not yet dropped by
    /// a committed head truncation to the tail) larger than this fails with ENOSPC. Tests lower it to fill
    /// the disk and raise it to give space back.
    /// </summary>
    public long CapacityBytes { get; set; } = long.MaxValue;

    /// <summary>Bytes the held records take, as a disk would count them.</summary>
    public long UsedBytes => records.Count == 0 ? 0 : TailAddress - records[0].Address;

    public long Append(ReadOnlySpan<byte> record)
    {
        Invariant.Assert(record.Length <= maxRecordBytes, $"record of {record.Length} bytes");
        if (UsedBytes + record.Length > CapacityBytes)
        {
            throw DiskFull.Exception($"memory-device(seed {seed}) holds {UsedBytes} of {CapacityBytes} bytes; a {record.Length}-byte record does not fit");
        }

        var address = TailAddress;
        records.Add((address, record.ToArray()));
        TailAddress += record.Length;
        return address;
    }

    /// <summary>When set, the next commit fails before anything becomes durable (power lost before the fsync).</summary>
    public bool FailNextCommit { get; set; }

    public void Commit(ReadOnlySpan<byte> cookie)
    {
        if (FailNextCommit)
        {
            FailNextCommit = false;
            throw new IOException("injected: commit failed before the fsync");
        }

        durableCount = records.Count;
        durableCookie = cookie.ToArray();
        durableBegin = pendingBegin;
        records.RemoveAll(r => r.Address < durableBegin);
        durableCount = records.Count;
        durableTail = TailAddress;
        CommitCount++;
    }

    public void ResetToDurable()
    {
        records.RemoveRange(durableCount, records.Count - durableCount);
        pendingBegin = durableBegin;
        TailAddress = Math.Max(durableTail, durableBegin);
    }

    public IEnumerable<DeviceRecord> Scan(long fromAddress)
    {
        foreach (var (address, bytes) in records.ToArray())
        {
            if (address >= fromAddress && address >= pendingBegin)
            {
                yield return new DeviceRecord(address, address + bytes.Length, (byte[])bytes.Clone(), bytes.Length, null);
            }
        }
    }

    public void TruncateHead(long untilAddress) => pendingBegin = Math.Max(pendingBegin, untilAddress);

    public void DiscardTail(long fromAddress)
    {
        records.RemoveAll(r => r.Address >= fromAddress);
        durableCount = Math.Min(durableCount, records.Count);
        TailAddress = fromAddress;
    }

    public string Describe(long address) => $"memory-device(seed {seed}) offset {address}";

    /// <summary>
    /// Simulates a process or power crash: the unsynced records are lost, or a random prefix of them
    /// survives with the last survivor possibly torn. Returns a description of what happened.
    /// </summary>
    public string Crash()
    {
        var unsynced = records.Count - durableCount;
        var survivors = unsynced == 0 ? 0 : random.Next(unsynced + 1);
        var tear = survivors > 0 && random.Next(2) == 0;
        records.RemoveRange(durableCount + survivors, unsynced - survivors);
        var what = $"crash: {unsynced} unsynced records, {survivors} survived";
        if (tear)
        {
            var (address, bytes) = records[^1];
            var keptBytes = random.Next(bytes.Length);
            records[^1] = (address, bytes[..keptBytes]);
            what += $", last torn to {keptBytes}/{bytes.Length} bytes";
        }

        pendingBegin = durableBegin;
        TailAddress = records.Count == 0 ? Math.Max(TailAddress, durableBegin) : records[^1].Address + records[^1].Bytes.Length;
        durableCount = Math.Min(durableCount, records.Count);
        return what;
    }

    /// <summary>Flips one random bit of one random durable record; returns that record's address.</summary>
    public long FlipBit()
    {
        Invariant.Assert(durableCount > 0, "no durable record to damage");
        var which = random.Next(durableCount);
        var (address, bytes) = records[which];
        var bit = random.Next(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return address;
    }

    /// <summary>Flips a bit in the durable record at <paramref name="address"/> (bit index within the record).</summary>
    public void FlipBitAt(long address, int bitIndex)
    {
        var bytes = records.Single(r => r.Address == address).Bytes;
        bytes[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
    }

    /// <summary>Addresses of the durable records, oldest first.</summary>
    public IReadOnlyList<long> DurableAddresses() => records.Take(durableCount).Select(r => r.Address).ToArray();

    public void Dispose()
    {
    }
}
