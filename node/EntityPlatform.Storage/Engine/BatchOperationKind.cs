namespace EntityPlatform.Storage.Engine;

/// <summary>The operations a write batch can hold.</summary>
internal enum BatchOperationKind : byte
{
    Bootstrap,
    Append,
    HardState,
    InstallSnapshot,
    CreateSnapshot,
    Compact,
}
