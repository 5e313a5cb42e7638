namespace EntityPlatform.Storage.Devices;

/// <summary>
/// One item of a device scan: a record's bytes (<c>Buffer[0..Length)</c>, owned by the reader from now on)
/// at <see cref="Address"/>, or, when <see cref="Error"/> is set, a region the device could not read.
/// <see cref="NextAddress"/> is where the following item starts.
/// </summary>
public readonly record struct DeviceRecord(long Address, long NextAddress, byte[] Buffer, int Length, string? Error)
{
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);
}
